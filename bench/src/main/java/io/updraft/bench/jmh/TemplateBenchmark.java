package io.updraft.bench.jmh;

import io.updraft.core.template.TemplateRenderer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Rendering a task's templated field with Airflow's variables, as the worker does before each try:
 * a bash command with dates, ids and a param, and a SQL statement with a filter and a loop.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(Defaults.FORKS)
@Warmup(iterations = Defaults.WARMUP_ITERATIONS, time = Defaults.SECONDS)
@Measurement(iterations = Defaults.MEASUREMENT_ITERATIONS, time = Defaults.SECONDS)
public class TemplateBenchmark {
  private final TemplateRenderer renderer = new TemplateRenderer();
  private final Map<String, Object> variables =
      Map.of(
          "ds", "2026-11-22",
          "ds_nodash", "20261122",
          "ts", "2026-11-22T00:00:00+00:00",
          "dag_id", "etl_sales",
          "task_id", "export",
          "run_id", "scheduled__2026-11-22T00:00:00+00:00",
          "try_number", 1,
          "params", Map.of("bucket", "sales-exports", "regions", java.util.List.of("eu", "us")));
  private final String bash =
      "aws s3 cp /tmp/{{ dag_id }}/{{ ds_nodash }}.csv"
          + " s3://{{ params.bucket }}/{{ ds }}/{{ task_id }}-{{ try_number }}.csv";
  private final String sql =
      "select * from sales where day = '{{ ds }}' and region in ("
          + "{% for r in params.regions %}'{{ r | upper }}'{% if not loop.last %}, {% endif %}"
          + "{% endfor %}) -- {{ run_id }}";

  @Benchmark
  public String bash_command() {
    return renderer.render(bash, variables);
  }

  @Benchmark
  public String sql_with_loop() {
    return renderer.render(sql, variables);
  }
}

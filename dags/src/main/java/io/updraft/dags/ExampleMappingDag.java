package io.updraft.dags;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagProvider;
import io.updraft.core.dag.Task;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Dynamic task mapping, as Airflow's {@code expand}: {@code list_partitions} returns today's
 * partitions, {@code count_rows} runs once per partition (one task instance each, told apart by its
 * map index), and {@code total} reads their results as one list. How many instances there are is
 * decided when the run gets there, not when the DAG is written.
 */
public final class ExampleMappingDag implements DagProvider {
  @Override
  public List<Dag> dags() {
    return List.of(
        Dag.builder("example_mapping")
            .description("One task instance per partition, expanded from an upstream task's list")
            .schedule("@daily")
            .startDate(LocalDate.of(2026, 1, 1))
            .catchup(false)
            // Needs nothing outside Updraft.
            .pausedOnCreation(false)
            .tags("example")
            .task(
                Task.java(
                    "list_partitions",
                    ctx -> List.of(ctx.render("{{ ds }}") + "/eu", ctx.render("{{ ds }}") + "/us")))
            .task(
                Task.java(
                        "count_rows",
                        ctx -> {
                          String partition = ctx.mapValue(String.class);
                          ctx.log().info("instance " + ctx.mapIndex() + " counts " + partition);
                          return Map.of("partition", partition, "rows", partition.length());
                        })
                    .expandOver("list_partitions"))
            .task(
                Task.java(
                        "total",
                        ctx -> {
                          List<?> counts = ctx.xcomPull("count_rows", List.class).orElseThrow();
                          return counts.stream()
                              .mapToInt(c -> ((Number) ((Map<?, ?>) c).get("rows")).intValue())
                              .sum();
                        })
                    .after("count_rows"))
            .build());
  }
}

package io.updraft.api;

import static io.updraft.api.TestApi.T0;
import static io.updraft.core.testdata.DagStructureBuilder.aDag;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.Task;
import io.updraft.core.dag.TaskNode;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.RunType;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.testing.PostgresExtension;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A run's Gantt chart and a DAG's task duration and landing time charts. */
@ExtendWith(PostgresExtension.class)
class RunChartsPagesTest {
  private static final String XSS = "<script>alert(1)</script>";
  private static final Dag DAG =
      Dag.builder("charted")
          .task(Task.bash("extract", "echo e"))
          .task(Task.bash("load", "echo l").after("extract"))
          .build();

  private static TestApi api;

  @BeforeAll
  static void start() {
    api = TestApi.connect().start();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static TaskInstance instance(DagRun run, String taskId) {
    return api.taskInstances(run).stream()
        .filter(ti -> ti.taskId().equals(taskId))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void the_gantt_chart_draws_each_try_from_queued_to_end_with_its_times_on_hover() {
    api.save(DAG);
    DagRun run = api.run(DAG, "g1", T0, RunState.RUNNING);
    // Try 1: queued at 10 s, running at 11 s, up for retry at 40 s; try 2 queued at 50 s.
    TaskInstance extract =
        api.move(
            instance(run, "extract"),
            "w1",
            T0.plusSeconds(10),
            TaskState.QUEUED,
            TaskState.RUNNING);
    extract = api.move(extract, "w1", T0.plusSeconds(40), TaskState.UP_FOR_RETRY);
    assertThat(
            api.runs.apply(
                new TaskChange(
                    extract.id(),
                    1,
                    TaskState.UP_FOR_RETRY,
                    TaskState.QUEUED,
                    T0.plusSeconds(50),
                    true,
                    null,
                    null)))
        .isTrue();

    HttpResponse<String> page = api.client().get("/dags/charted/runs/g1/gantt");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("<svg class=\"chart gantt\"")
        .contains(
            "extract, try 1: up_for_retry | queued 2026-01-01 00:00:10 UTC | started 2026-01-01"
                + " 00:00:11 UTC | ended 2026-01-01 00:00:40 UTC | waited 1.0 s | ran 29.0 s")
        .contains("extract, try 2: queued | queued 2026-01-01 00:00:50 UTC | started - | ended -")
        .contains("class=\"wait state-up_for_retry\"", "class=\"span state-up_for_retry\"")
        .contains("class=\"wait state-queued\"")
        .contains("<a href=\"/dags/charted/runs/g1/tasks/load\"><text class=\"task-label\"");
    assertThat(api.client().get("/dags/charted/runs/g1").body())
        .contains("href=\"/dags/charted/runs/g1/gantt\"");
  }

  @Test
  void durations_and_landing_times_plot_each_task_per_run_and_refuse_a_bad_runs() {
    api.save(DAG);
    for (int r = 0; r < 2; r++) {
      DagRun run = api.run(DAG, "d" + r, T0.plusSeconds(3600L * r), RunState.RUNNING);
      // extract runs 2 s (r = 0) then 3 s (r = 1), ending 3 s and 4 s after the interval's end.
      TaskInstance ti =
          api.move(
              instance(run, "extract"),
              "w1",
              T0.plusSeconds(3600L * r),
              TaskState.QUEUED,
              TaskState.RUNNING);
      api.move(ti, "w1", T0.plusSeconds(3600L * r + 3 + r), TaskState.SUCCESS);
    }

    String durations = api.client().get("/dags/charted/durations").body();
    String landing = api.client().get("/dags/charted/landing-times?runs=2").body();

    assertThat(durations)
        .contains("<h1>Task durations of <code>charted</code></h1>")
        .contains("<title>extract in d0: 2.0 s</title>", "<title>extract in d1: 3.0 s</title>")
        .contains("href=\"/dags/charted/runs/d1/tasks/extract\"")
        .contains("<polyline class=\"series\"")
        .doesNotContain("data-task-id=\"load\"");
    assertThat(landing)
        .contains("<title>extract in d0: 3.0 s</title>", "<title>extract in d1: 4.0 s</title>");
    assertThat(api.client().get("/dags/charted").body())
        .contains("href=\"/dags/charted/durations\"");
    for (String path : List.of("/dags/charted/durations", "/dags/charted/landing-times")) {
      HttpResponse<String> bad = api.client().get(path + "?runs=" + URLEncoder.encode(XSS, UTF_8));
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.body()).contains("whole number of runs from 1 to 100").doesNotContain(XSS);
      assertThat(api.client().get(path + "?runs=500").statusCode()).isEqualTo(400);
    }
  }

  @Test
  void a_hostile_task_id_and_run_id_are_text_and_an_unknown_run_or_dag_is_named() {
    DagStructure hostile =
        aDag("hostile_charts")
            .schedule("none")
            .tasks(
                List.of(
                    new TaskNode(
                        "t" + XSS,
                        "bash",
                        List.of(),
                        0,
                        0,
                        "default",
                        "default_pool",
                        1,
                        Map.of())))
            .build();
    api.dags.save(hostile, T0);
    DagRun run =
        api.runs
            .createRun(
                new NewDagRun(hostile.dagId(), "r" + XSS, RunType.MANUAL, T0, T0, T0, Map.of()),
                hostile)
            .orElseThrow();
    TaskInstance ti = api.runs.taskInstances(run.id()).getFirst();
    api.move(ti, "w1", T0, TaskState.QUEUED, TaskState.RUNNING, TaskState.SUCCESS);

    List<String> pages =
        List.of(
            Links.run(hostile.dagId(), run.runId()) + "/gantt",
            "/dags/hostile_charts/durations",
            "/dags/hostile_charts/landing-times");
    for (String path : pages) {
      HttpResponse<String> page = api.client().get(path);
      assertThat(page.statusCode()).as(path).isEqualTo(200);
      assertThat(page.body())
          .as(path)
          .doesNotContain(XSS)
          .contains("t&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    HttpResponse<String> unknownRun = api.client().get("/dags/hostile_charts/runs/nope/gantt");
    assertThat(unknownRun.statusCode()).isEqualTo(404);
    assertThat(unknownRun.body()).contains("has no run 'nope'");
    assertThat(api.client().get("/dags/nope/durations").statusCode()).isEqualTo(404);
  }
}

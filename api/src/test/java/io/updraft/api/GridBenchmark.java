package io.updraft.api;

import static io.updraft.core.testdata.DagStructureBuilder.aDag;
import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.api.view.GridView;
import io.updraft.api.view.Layout;
import io.updraft.core.auth.Role;
import io.updraft.core.auth.User;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.TaskNode;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.RunType;
import io.updraft.core.run.StoredDag;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How long the server takes to build and render a DAG page whose grid has 100 runs by 200 tasks
 * (the target is 100 ms), leaving out the two database queries. A benchmark, not a test: its name
 * keeps it out of the normal test run, and it asserts the page, not the time. Run it with
 *
 * <pre>
 * ./mvnw -B -o verify -pl api -am -Dtest=GridBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * and read the figures in {@code
 * api/target/surefire-reports/io.updraft.api.GridBenchmark-output.txt}.
 */
class GridBenchmark {
  private static final int RUNS = 100;
  private static final int TASKS = 200;
  private static final int WARMUP = 300;
  private static final int MEASURED = 300;
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void render_the_grid_of_100_runs_by_200_tasks() {
    List<TaskNode> nodes = new ArrayList<>();
    for (int t = 0; t < TASKS; t++) {
      List<String> upstream =
          t == 0 ? List.of() : t < 5 ? List.of(taskId(0)) : List.of(taskId(t - 1), taskId(t - 4));
      nodes.add(
          new TaskNode(taskId(t), "bash", upstream, 1, 60, "default", "default_pool", 1, Map.of()));
    }
    DagStructure structure =
        aDag("bench_dag")
            .description("A wide DAG")
            .schedule("@hourly")
            .startDate(T0)
            .tags(List.of("bench"))
            .tasks(nodes)
            .build();
    StoredDag dag = new StoredDag("bench_dag", structure, structure.versionHash(), false, T0);
    List<DagRun> runs = new ArrayList<>();
    Map<Long, List<TaskInstance>> tis = new HashMap<>();
    TaskState[] states = TaskState.values();
    long tiId = 1;
    for (int r = RUNS - 1; r >= 0; r--) {
      Instant date = T0.plusSeconds(3600L * r);
      String runId = "scheduled__" + date;
      runs.add(
          new DagRun(
              r,
              "bench_dag",
              runId,
              RunType.SCHEDULED,
              RunState.SUCCESS,
              date,
              date,
              date.plusSeconds(3600),
              Map.of(),
              "v",
              date,
              date,
              date.plusSeconds(60)));
      List<TaskInstance> list = new ArrayList<>();
      for (int t = 0; t < TASKS; t++) {
        list.add(
            TaskInstance.builder(tiId++, taskId(t))
                .dagRunId(r)
                .dagId("bench_dag")
                .runId(runId)
                .state(states[(r + t) % states.length])
                .maxTries(2)
                .queue("default")
                .pool("default_pool")
                .worker("w1")
                .queuedAt(date)
                .startDate(date)
                .endDate(date.plusSeconds(5))
                .build());
      }
      tis.put((long) r, list);
    }
    Layout layout = new Layout("bench_dag", new User("bench", Role.OP, T0), "csrf", 0);
    Templates templates = new Templates();

    String html = "";
    for (int i = 0; i < WARMUP; i++) {
      html =
          templates.render(
              "dag.jte", GridViews.build(layout, dag, runs, tis, null, java.util.Set.of()));
    }
    long[] nanos = new long[MEASURED];
    for (int i = 0; i < MEASURED; i++) {
      long start = System.nanoTime();
      GridView view = GridViews.build(layout, dag, runs, tis, null, java.util.Set.of());
      html = templates.render("dag.jte", view);
      nanos[i] = System.nanoTime() - start;
    }
    Arrays.sort(nanos);
    System.out.printf(
        Locale.ROOT,
        "Grid %d runs x %d tasks: median %.2f ms, p95 %.2f ms, max %.2f ms, page %d KiB%n",
        RUNS,
        TASKS,
        nanos[MEASURED / 2] / 1e6,
        nanos[MEASURED * 95 / 100] / 1e6,
        nanos[MEASURED - 1] / 1e6,
        html.length() / 1024);

    assertThat(html.split("class=\"cell state-", -1))
        .hasSize(RUNS * TASKS + GridView.LEGEND.size() + 3);
    assertThat(html.split("class=\"run-bar state-", -1)).hasSize(RUNS + 1);
  }

  private static String taskId(int t) {
    return String.format(Locale.ROOT, "task_%03d", t);
  }
}

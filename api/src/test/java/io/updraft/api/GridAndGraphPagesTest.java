package io.updraft.api;

import static io.updraft.api.TestApi.T0;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.core.dag.TaskGroup;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.testing.PostgresExtension;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The DAG page's grid (run heads with dates and duration bars, legend, mapped tasks, {@code
 * ?runs=}) and graph of a picked run ({@code ?run_id=}, with {@code ?expand=}).
 */
@ExtendWith(PostgresExtension.class)
class GridAndGraphPagesTest {
  private static final String XSS = "<script>alert(1)</script>";
  private static final Dag DAG =
      Dag.builder("history")
          .task(Task.bash("extract", "echo e"))
          .task(Task.java("load", ctx -> ctx.mapValue()).expand(List.of("a", "b", "c")))
          .group(TaskGroup.of("report").after("extract").task(Task.bash("mail", "echo m")))
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

  private static TaskInstance instance(DagRun run, String taskId, int mapIndex) {
    return api.taskInstances(run).stream()
        .filter(ti -> ti.taskId().equals(taskId) && ti.mapIndex() == mapIndex)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void run_heads_show_short_dates_full_on_hover_and_bars_as_tall_as_the_runs_were_long() {
    api.save(DAG);
    // r1 ran 59 s (its start one second after its logical date, its end 60 s after); r2 runs.
    api.run(DAG, "r1", T0, RunState.SUCCESS);
    DagRun r2 = api.run(DAG, "r2", T0.plusSeconds(86_400), RunState.RUNNING);
    api.move(instance(r2, "extract", -1), "w1", T0.plusSeconds(86_490), TaskState.QUEUED);

    String html = api.client().get("/dags/history").body();

    assertThat(html)
        .contains(
            "<a class=\"run-bar state-success\" href=\"/dags/history/runs/r1\" title=\"r1 |"
                + " logical date 2026-01-01 00:00:00 UTC | success | 59.0 s\""
                + " style=\"height:40px\"></a>")
        .contains("class=\"run-bar state-running\" href=\"/dags/history/runs/r2\"")
        .contains(">01-01 00:00</a>", ">01-02 00:00</a>")
        .contains(
            "class=\"legend\"", "<span class=\"cell state-up_for_retry\"></span> up_for_retry")
        .contains("href=\"/dags/history/runs/r1/tasks/extract\"")
        .contains("href=\"/dags/history/durations\"")
        .contains("href=\"/dags/history/landing-times\"");
    // r2 has run 30 s so far (started 60 s after its date, its extract queued 30 s later).
    assertThat(html)
        .containsPattern("href=\"/dags/history/runs/r2\" title=\"[^\"]*\" style=\"height:20px\"");
  }

  @Test
  void a_mapped_task_is_one_row_whose_cell_sums_up_its_instances_and_opens_the_most_urgent() {
    api.save(DAG);
    DagRun run = api.run(DAG, "m1", T0, RunState.RUNNING);
    api.runs.expand(instance(run, "load", -1), 3, T0);
    api.move(
        instance(run, "load", 0), "w1", T0, TaskState.QUEUED, TaskState.RUNNING, TaskState.SUCCESS);
    api.move(
        instance(run, "load", 1), "w1", T0, TaskState.QUEUED, TaskState.RUNNING, TaskState.FAILED);

    String html = api.client().get("/dags/history").body();

    assertThat(html)
        .contains("class=\"mapped-mark\"")
        .contains(
            "class=\"cell state-failed mapped\" href=\"/dags/history/runs/m1/tasks/load?map_index=1\""
                + " title=\"load in m1: 3 mapped instances: 1 none, 1 success, 1 failed\"");
    // The group row is kept.
    assertThat(html).contains("data-task-id=\"report\" class=\"group-row\"");
  }

  @Test
  void runs_bounds_the_columns_and_a_bad_value_is_a_400_naming_the_parameter() {
    api.save(DAG);
    api.run(DAG, "b1", T0, RunState.SUCCESS);
    api.run(DAG, "b2", T0.plusSeconds(60), RunState.SUCCESS);

    String one = api.client().get("/dags/history?runs=1").body();

    assertThat(one).contains("/runs/b2\"").doesNotContain("/runs/b1\" title");
    for (String bad : List.of("0", "101", "many", XSS)) {
      HttpResponse<String> page =
          api.client().get("/dags/history?runs=" + URLEncoder.encode(bad, UTF_8));
      assertThat(page.statusCode()).isEqualTo(400);
      assertThat(page.body())
          .contains("Query parameter 'runs' must be a whole number of runs from 1 to 100")
          .doesNotContain(XSS);
    }
  }

  @Test
  void the_graph_shows_the_picked_run_keeps_unfolded_groups_and_names_an_unknown_run() {
    api.save(DAG);
    DagRun old = api.run(DAG, "g1", T0, RunState.RUNNING);
    api.run(DAG, "g2", T0.plusSeconds(60), RunState.RUNNING);
    api.move(instance(old, "report.mail", -1), "w1", T0, TaskState.QUEUED, TaskState.RUNNING);

    String newest = api.client().get("/dags/history").body();
    String picked = api.client().get("/dags/history?run_id=g1&expand=report").body();

    assertThat(newest)
        .contains("<option value=\"g2\" selected>g2 (running)</option>")
        .contains("class=\"node state-none group\" data-task-id=\"report\"");
    assertThat(picked)
        .contains("Graph <small>of g1</small>")
        .contains("<option value=\"g1\" selected>g1 (running)</option>")
        .contains("<input type=\"hidden\" name=\"expand\" value=\"report\">")
        .contains("class=\"node state-running\" data-task-id=\"report.mail\"")
        .contains("href=\"/dags/history?run_id=g1#graph\" title=\"Fold report again\"")
        .contains("href=\"/dags/history/runs/g1/gantt\"")
        .contains("<div class=\"graph-wrap\">");

    HttpResponse<String> unknown =
        api.client().get("/dags/history?run_id=" + URLEncoder.encode(XSS, UTF_8));
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body())
        .contains("DAG 'history' has no run '&lt;script&gt;")
        .doesNotContain(XSS);
  }

  @Test
  void a_run_older_than_the_grid_shows_can_still_be_picked() {
    api.save(DAG);
    api.run(DAG, "o1", T0, RunState.SUCCESS);
    api.run(DAG, "o2", T0.plusSeconds(60), RunState.SUCCESS);

    String html = api.client().get("/dags/history?runs=1&run_id=o1").body();

    assertThat(html)
        .contains("Graph <small>of o1</small>")
        .contains("<option value=\"o1\" selected>o1 (success)</option>")
        .doesNotContain("/runs/o1\" title")
        // Picking another run keeps the grid at the one run asked for.
        .contains("<input type=\"hidden\" name=\"runs\" value=\"1\">");
    assertThat(api.client().get("/dags/history").body()).doesNotContain("name=\"runs\"");
  }
}

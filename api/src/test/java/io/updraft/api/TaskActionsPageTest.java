package io.updraft.api;

import static io.updraft.api.SecurityTest.csrfOf;
import static io.updraft.api.SecurityTest.signIn;
import static io.updraft.api.TestApi.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.auth.Role;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.testing.PostgresExtension;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The task page's actions (mark success or failed, clear with upstream or downstream) change the
 * instances in PostgreSQL as the API does, only for an op with the page's CSRF token; and the page
 * shows the tries side by side.
 */
@ExtendWith(PostgresExtension.class)
class TaskActionsPageTest {
  private static final String XSS = "<script>alert(1)</script>";
  // extract -> transform -> load, and extract -> report
  private static final Dag DAG =
      Dag.builder("etl")
          .task(Task.bash("extract", "echo e"))
          .task(Task.bash("transform", "echo t").after("extract"))
          .task(Task.bash("load", "echo l").after("transform"))
          .task(Task.bash("report", "echo r").after("extract"))
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

  private static ApiClient browserAs(String user, Role role) {
    String password = api.user(user, role);
    ApiClient browser = ApiClient.browser(api.server());
    assertThat(signIn(browser, user, password, "/").statusCode()).isEqualTo(303);
    return browser;
  }

  /** A run whose every task succeeded. */
  private static DagRun finishedRun() {
    api.save(DAG);
    DagRun run = api.run(DAG, "r1", T0, RunState.RUNNING);
    for (TaskInstance ti : api.taskInstances(run)) {
      api.move(ti, "w1", T0, TaskState.QUEUED, TaskState.RUNNING, TaskState.SUCCESS);
    }
    return run;
  }

  private static Map<String, TaskState> states(DagRun run) {
    return api.taskInstances(run).stream()
        .collect(Collectors.toMap(TaskInstance::taskId, TaskInstance::state));
  }

  private static TaskInstance instance(DagRun run, String taskId) {
    return api.taskInstances(run).stream()
        .filter(ti -> ti.taskId().equals(taskId))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void an_op_marks_a_task_failed_then_success_and_postgres_has_each_state() {
    DagRun run = finishedRun();
    ApiClient op = browserAs("otto", Role.OP);
    String page = op.get("/dags/etl/runs/r1/tasks/load").body();
    String csrf = csrfOf(page);

    HttpResponse<String> failed =
        op.postForm("/dags/etl/runs/r1/tasks/load/mark", Map.of("_csrf", csrf, "state", "failed"));

    assertThat(page)
        .contains("id=\"mark-success\"", "id=\"mark-failed\"", "id=\"clear-task\"")
        .contains("data-confirm=\"Mark task load of run r1 failed?\"");
    assertThat(failed.statusCode()).isEqualTo(303);
    assertThat(failed.headers().firstValue("Location")).contains("/dags/etl/runs/r1/tasks/load");
    assertThat(instance(run, "load").state()).isEqualTo(TaskState.FAILED);

    op.postForm("/dags/etl/runs/r1/tasks/load/mark", Map.of("_csrf", csrf, "state", "success"));

    assertThat(instance(run, "load").state()).isEqualTo(TaskState.SUCCESS);
    HttpResponse<String> bogus =
        op.postForm(
            "/dags/etl/runs/r1/tasks/load/mark", Map.of("_csrf", csrf, "state", "skipped" + XSS));
    assertThat(bogus.statusCode()).isEqualTo(400);
    assertThat(bogus.body()).contains("success or failed").doesNotContain(XSS);
  }

  @Test
  void clearing_with_downstream_or_upstream_clears_those_tasks_too_and_gives_a_new_try() {
    DagRun run = finishedRun();
    ApiClient op = browserAs("otto", Role.OP);
    String csrf = csrfOf(op.get("/dags/etl/runs/r1/tasks/transform").body());

    HttpResponse<String> downstream =
        op.postForm(
            "/dags/etl/runs/r1/tasks/transform/clear", Map.of("_csrf", csrf, "downstream", "true"));

    assertThat(downstream.statusCode()).isEqualTo(303);
    assertThat(states(run))
        .containsEntry("transform", TaskState.NONE)
        .containsEntry("load", TaskState.NONE)
        .containsEntry("extract", TaskState.SUCCESS)
        .containsEntry("report", TaskState.SUCCESS);
    assertThat(instance(run, "transform").tryNumber()).isEqualTo(2);
    assertThat(api.runs.findRun(run.id()).orElseThrow().state()).isEqualTo(RunState.QUEUED);

    op.postForm("/dags/etl/runs/r1/tasks/report/clear", Map.of("_csrf", csrf, "upstream", "true"));

    assertThat(states(run))
        .containsEntry("extract", TaskState.NONE)
        .containsEntry("report", TaskState.NONE);
  }

  @Test
  void the_api_clears_with_include_downstream_through_the_same_code() {
    DagRun run = finishedRun();

    HttpResponse<String> response =
        api.as(Role.OP)
            .post(
                "/api/v1/dags/etl/clearTaskInstances",
                "{\"dag_run_id\": \"r1\", \"task_ids\": [\"extract\"], \"include_downstream\":"
                    + " true}");
    HttpResponse<String> notBoolean =
        api.as(Role.OP)
            .post(
                "/api/v1/dags/etl/clearTaskInstances",
                "{\"dag_run_id\": \"r1\", \"task_ids\": [\"load\"], \"include_upstream\": 1}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(ApiClient.json(response).get("task_ids")).hasSize(4);
    assertThat(states(run).values()).containsOnly(TaskState.NONE);
    assertThat(notBoolean.statusCode()).isEqualTo(400);
    assertThat(notBoolean.body()).contains("'include_upstream' must be true or false");
  }

  @Test
  void a_viewer_sees_no_action_buttons_and_a_forged_mark_or_clear_is_refused() {
    DagRun run = finishedRun();
    ApiClient viewer = browserAs("vera", Role.VIEWER);
    String page = viewer.get("/dags/etl/runs/r1/tasks/load").body();
    String csrf = csrfOf(page);

    HttpResponse<String> mark =
        viewer.postForm(
            "/dags/etl/runs/r1/tasks/load/mark", Map.of("_csrf", csrf, "state", "failed"));
    HttpResponse<String> clear =
        viewer.postForm("/dags/etl/runs/r1/tasks/load/clear", Map.of("_csrf", csrf));

    assertThat(page).doesNotContain("mark-success", "mark-failed", "clear-task", "/mark\"");
    assertThat(mark.statusCode()).isEqualTo(403);
    assertThat(clear.statusCode()).isEqualTo(403);
    assertThat(mark.body()).contains("needs role op");
    assertThat(states(run).values()).containsOnly(TaskState.SUCCESS);
  }

  @Test
  void an_op_form_without_the_csrf_token_or_with_basic_credentials_is_refused() {
    DagRun run = finishedRun();
    ApiClient op = browserAs("otto", Role.OP);

    HttpResponse<String> noToken =
        op.postForm("/dags/etl/runs/r1/tasks/load/mark", Map.of("state", "failed"));
    HttpResponse<String> wrongToken =
        op.postForm(
            "/dags/etl/runs/r1/tasks/load/clear", Map.of("_csrf", "forged", "downstream", "true"));
    HttpResponse<String> remembered =
        api.as(Role.OP).postForm("/dags/etl/runs/r1/tasks/load/mark", Map.of("state", "failed"));

    for (HttpResponse<String> response : List.of(noToken, wrongToken, remembered)) {
      assertThat(response.statusCode()).isEqualTo(403);
    }
    assertThat(noToken.body()).contains("CSRF");
    assertThat(states(run).values()).containsOnly(TaskState.SUCCESS);
  }

  @Test
  void the_tries_table_shows_each_try_with_its_worker_duration_and_log_link() {
    DagRun run = finishedRun();
    TaskInstance load = instance(run, "load");
    api.logs.append(load.id(), 1, List.of("first try"));
    api.as(Role.OP)
        .post(
            "/api/v1/dags/etl/clearTaskInstances",
            "{\"dag_run_id\": \"r1\", \"task_ids\": [\"load\"]}");
    api.move(
        instance(run, "load"),
        "w2",
        T0.plusSeconds(40),
        TaskState.SCHEDULED,
        TaskState.QUEUED,
        TaskState.RUNNING,
        TaskState.FAILED);
    api.xcoms.put(run.id(), "load", "hostile", "\"" + XSS.replace("/", "\\/") + "\"");

    String html = api.as(Role.VIEWER).get("/dags/etl/runs/r1/tasks/load").body();

    assertThat(html)
        .containsSubsequence("<th>Try</th>", "<th>Worker</th>", "<th>Duration</th>", "<th>Log</th>")
        .containsSubsequence(
            "?try=1\">1</a>",
            "state-success",
            "w1",
            "1.0 s",
            "log of try 1",
            "?try=2\">2</a>",
            "state-failed",
            "w2",
            "log of try 2")
        .contains("\"&lt;script&gt;alert(1)&lt;/script&gt;\"")
        .doesNotContain(XSS);
  }
}

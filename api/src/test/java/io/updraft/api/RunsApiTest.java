package io.updraft.api;

import static io.updraft.api.ApiClient.json;
import static io.updraft.api.TestApi.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.updraft.core.auth.Role;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.testing.PostgresExtension;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Triggering, filtering, paging, marking and clearing runs through the API. */
@ExtendWith(PostgresExtension.class)
class RunsApiTest {
  private static final Dag DAG =
      Dag.builder("etl")
          .task(Task.bash("extract", "echo e"))
          .task(Task.bash("load", "echo l").after("extract").retries(2))
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

  @BeforeEach
  void save() {
    api.save(DAG);
    api.changedRuns.clear();
    api.createdRuns.clear();
  }

  @Test
  void an_op_triggers_a_run_with_conf_and_logical_date_and_the_scheduler_hears_of_it() {
    HttpResponse<String> response =
        api.as(Role.OP)
            .post(
                "/api/v1/dags/etl/dagRuns",
                "{\"logical_date\": \"2026-02-01T10:00:00Z\", \"conf\": {\"table\": \"sales\"}}");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode run = json(response);
    assertThat(run.get("dag_run_id").asText()).isEqualTo("manual__2026-02-01T10:00:00+00:00");
    assertThat(run.get("state").asText()).isEqualTo("queued");
    assertThat(run.at("/conf/table").asText()).isEqualTo("sales");
    DagRun stored = api.runs.findRun("etl", run.get("dag_run_id").asText()).orElseThrow();
    assertThat(api.changedRuns).containsExactly(stored.id());
    assertThat(api.createdRuns).extracting(DagRun::id).containsExactly(stored.id());
    assertThat(api.taskInstances(stored)).hasSize(2);
  }

  @Test
  void a_second_trigger_for_the_same_logical_date_is_a_409_that_says_what_to_change() {
    String body = "{\"logical_date\": \"2026-02-01T10:00:00Z\"}";
    api.as(Role.OP).post("/api/v1/dags/etl/dagRuns", body);

    HttpResponse<String> again = api.as(Role.OP).post("/api/v1/dags/etl/dagRuns", body);

    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(json(again).get("detail").asText()).contains("already has a run", "dag_run_id");
  }

  @Test
  void conf_that_is_not_an_object_and_a_date_without_offset_are_400s() {
    HttpResponse<String> list =
        api.as(Role.OP).post("/api/v1/dags/etl/dagRuns", "{\"conf\": [1, 2]}");
    HttpResponse<String> date =
        api.as(Role.OP).post("/api/v1/dags/etl/dagRuns", "{\"logical_date\": \"yesterday\"}");
    HttpResponse<String> broken = api.as(Role.OP).post("/api/v1/dags/etl/dagRuns", "{\"conf\": ");

    assertThat(list.statusCode()).isEqualTo(400);
    assertThat(json(list).get("detail").asText()).contains("'conf' must be a JSON object");
    assertThat(date.statusCode()).isEqualTo(400);
    assertThat(json(date).get("detail").asText()).contains("ISO-8601", "2026-01-01T00:00:00Z");
    assertThat(broken.statusCode()).isEqualTo(400);
    assertThat(json(broken).get("detail").asText()).contains("not valid JSON", "line 1");
  }

  @Test
  void a_viewer_reads_runs_but_may_not_trigger_mark_or_clear() {
    DagRun run = api.run(DAG, "r1", T0, RunState.FAILED);
    ApiClient viewer = api.as(Role.VIEWER);

    assertThat(viewer.get("/api/v1/dags/etl/dagRuns/r1").statusCode()).isEqualTo(200);
    HttpResponse<String> trigger = viewer.post("/api/v1/dags/etl/dagRuns", "{}");
    assertThat(trigger.statusCode()).isEqualTo(403);
    assertThat(json(trigger).get("detail").asText())
        .contains("'viewer-user' has role viewer", "needs role op");
    assertThat(viewer.patch("/api/v1/dags/etl/dagRuns/r1", "{\"state\": \"success\"}").statusCode())
        .isEqualTo(403);
    assertThat(viewer.post("/api/v1/dags/etl/dagRuns/r1/clear", "{}").statusCode()).isEqualTo(403);
    assertThat(viewer.patch("/api/v1/dags/etl", "{\"is_paused\": true}").statusCode())
        .isEqualTo(403);
    assertThat(api.runs.findRun(run.id()).orElseThrow().state()).isEqualTo(RunState.FAILED);
    assertThat(api.runs.listRuns("etl", 10)).hasSize(1);
  }

  @Test
  void runs_filter_by_state_and_logical_date_and_page_with_a_real_total() {
    for (int day = 0; day < 6; day++) {
      api.run(
          DAG,
          "r" + day,
          T0.plus(Duration.ofDays(day)),
          day % 2 == 0 ? RunState.SUCCESS : RunState.FAILED);
    }
    ApiClient client = api.as(Role.VIEWER);

    JsonNode failed = json(client.get("/api/v1/dags/etl/dagRuns?state=failed"));
    JsonNode page = json(client.get("/api/v1/dags/etl/dagRuns?limit=2&offset=2"));
    JsonNode window =
        json(
            client.get(
                "/api/v1/dags/etl/dagRuns?logical_date_gte=2026-01-02T00:00:00Z"
                    + "&logical_date_lte=2026-01-04T00:00:00Z&state=success,failed"));

    assertThat(failed.get("total_entries").asInt()).isEqualTo(3);
    assertThat(failed.get("dag_runs"))
        .extracting(r -> r.get("dag_run_id").asText())
        .containsExactly("r5", "r3", "r1");
    assertThat(page.get("total_entries").asInt()).isEqualTo(6);
    assertThat(page.get("dag_runs"))
        .extracting(r -> r.get("dag_run_id").asText())
        .containsExactly("r3", "r2");
    assertThat(window.get("dag_runs"))
        .extracting(r -> r.get("dag_run_id").asText())
        .containsExactly("r3", "r2", "r1");
    assertThat(client.get("/api/v1/dags/etl/dagRuns?state=exploded").statusCode()).isEqualTo(400);
    assertThat(client.get("/api/v1/dags/etl/dagRuns?offset=-3").statusCode()).isEqualTo(400);
  }

  @Test
  void marking_a_run_success_ends_its_unfinished_tasks_with_success() {
    DagRun run = api.run(DAG, "r1", T0, RunState.RUNNING);
    TaskInstance extract = api.taskInstances(run).getFirst();
    api.move(extract, "w1", T0, TaskState.QUEUED, TaskState.RUNNING);

    HttpResponse<String> response =
        api.as(Role.OP).patch("/api/v1/dags/etl/dagRuns/r1", "{\"state\": \"success\"}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).get("state").asText()).isEqualTo("success");
    assertThat(api.taskInstances(run))
        .extracting(TaskInstance::state)
        .containsOnly(TaskState.SUCCESS);
    assertThat(
            api.as(Role.OP)
                .patch("/api/v1/dags/etl/dagRuns/r1", "{\"state\": \"running\"}")
                .statusCode())
        .isEqualTo(400);
  }

  @Test
  void clearing_a_failed_run_queues_it_again_with_a_new_try_and_fresh_retries() {
    DagRun run = api.run(DAG, "r1", T0, RunState.RUNNING);
    TaskInstance extract = api.taskInstances(run).get(0);
    api.move(extract, "w1", T0, TaskState.QUEUED, TaskState.RUNNING, TaskState.SUCCESS);
    TaskInstance load = api.taskInstances(run).get(1);
    api.move(load, "w1", T0, TaskState.QUEUED, TaskState.RUNNING, TaskState.FAILED);
    api.runs.setRunState(run.id(), RunState.FAILED, T0.plusSeconds(99));

    HttpResponse<String> response = api.as(Role.OP).post("/api/v1/dags/etl/dagRuns/r1/clear", "{}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).get("task_ids"))
        .extracting(JsonNode::asText)
        .containsExactly("extract", "load");
    assertThat(json(response).at("/dag_run/state").asText()).isEqualTo("queued");
    TaskInstance cleared = api.taskInstances(run).get(1);
    assertThat(cleared.state()).isEqualTo(TaskState.NONE);
    assertThat(cleared.tryNumber()).isEqualTo(2);
    assertThat(cleared.maxTries()).isEqualTo(4);
    assertThat(api.changedRuns).contains(run.id());
  }

  @Test
  void clearing_chosen_tasks_leaves_the_others_alone() {
    DagRun run = api.run(DAG, "r1", T0, RunState.RUNNING);
    TaskInstance extract = api.taskInstances(run).get(0);
    api.move(extract, "w1", T0, TaskState.QUEUED, TaskState.RUNNING, TaskState.SUCCESS);

    HttpResponse<String> response =
        api.as(Role.OP)
            .post(
                "/api/v1/dags/etl/clearTaskInstances",
                "{\"dag_run_id\": \"r1\", \"task_ids\": [\"extract\"]}");
    HttpResponse<String> unknown =
        api.as(Role.OP)
            .post(
                "/api/v1/dags/etl/clearTaskInstances",
                "{\"dag_run_id\": \"r1\", \"task_ids\": [\"nope\"]}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).get("task_ids"))
        .extracting(JsonNode::asText)
        .containsExactly("extract");
    assertThat(api.taskInstances(run).get(0).state()).isEqualTo(TaskState.NONE);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(json(unknown).get("detail").asText()).contains("no task 'nope'");
  }

  @Test
  void a_dag_is_paused_and_unpaused_with_patch_and_its_detail_shows_the_task_graph() {
    HttpResponse<String> paused =
        api.as(Role.OP).patch("/api/v1/dags/etl", "{\"is_paused\": true}");
    HttpResponse<String> wrong =
        api.as(Role.OP).patch("/api/v1/dags/etl", "{\"schedule_interval\": \"@daily\"}");
    JsonNode detail = json(api.as(Role.VIEWER).get("/api/v1/dags/etl"));

    assertThat(json(paused).get("is_paused").asBoolean()).isTrue();
    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(detail.get("dag_id").asText()).isEqualTo("etl");
    assertThat(detail.get("is_paused").asBoolean()).isTrue();
    assertThat(detail.at("/tasks/0/task_id").asText()).isEqualTo("extract");
    assertThat(detail.at("/tasks/0/downstream_task_ids/0").asText()).isEqualTo("load");
    assertThat(detail.at("/tasks/1/upstream_task_ids/0").asText()).isEqualTo("extract");
    assertThat(detail.at("/tasks/1/retries").asInt()).isEqualTo(2);
  }
}

package io.updraft.api;

import static io.updraft.api.ApiClient.json;
import static io.updraft.api.TestApi.T0;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.testing.PostgresExtension;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class TaskInstancesApiTest {
  /** Airflow's run id form: both ':' and '+' need care in a URL. */
  private static final String RUN_ID = "manual__2026-01-01T00:00:00+00:00";

  private static final Dag DAG =
      Dag.builder("etl_daily")
          .task(Task.bash("extract", "echo extract").queue("io").pool("db").priorityWeight(3))
          .task(Task.bash("load", "echo load").after("extract").retries(2))
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

  @Test
  void task_instances_are_found_by_the_url_encoded_run_id_with_their_states_and_worker()
      throws Exception {
    // Queueing takes a slot of the task's pool, which must exist.
    try (var c = api.database.dataSource().getConnection()) {
      c.createStatement().execute("insert into pool (pool, slots) values ('db', 4)");
    }
    api.save(DAG);
    DagRun run = api.run(DAG, RUN_ID, T0, RunState.RUNNING);
    TaskInstance extract = api.taskInstances(run).getFirst();
    api.move(extract, "worker-7", T0, TaskState.QUEUED, TaskState.RUNNING, TaskState.SUCCESS);
    String encoded = URLEncoder.encode(RUN_ID, UTF_8);
    assertThat(encoded).contains("%3A", "%2B");

    HttpResponse<String> response =
        api.client().get("/api/v1/dags/etl_daily/dagRuns/" + encoded + "/taskInstances");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = json(response);
    assertThat(body.get("total_entries").asInt()).isEqualTo(2);
    JsonNode done = body.at("/task_instances/0");
    assertThat(done.get("task_id").asText()).isEqualTo("extract");
    assertThat(done.get("dag_id").asText()).isEqualTo("etl_daily");
    assertThat(done.get("dag_run_id").asText()).isEqualTo(RUN_ID);
    assertThat(done.get("state").asText()).isEqualTo("success");
    assertThat(done.get("try_number").asInt()).isEqualTo(1);
    assertThat(done.get("max_tries").asInt()).isEqualTo(1);
    assertThat(done.get("queue").asText()).isEqualTo("io");
    assertThat(done.get("pool").asText()).isEqualTo("db");
    // Airflow's default weight rule (downstream): its own 3 plus 1 for "load".
    assertThat(done.get("priority_weight").asInt()).isEqualTo(4);
    assertThat(done.get("hostname").asText()).isEqualTo("worker-7");
    assertThat(done.get("start_date").asText()).isEqualTo("2026-01-01T00:00:01Z");
    assertThat(done.get("end_date").asText()).isEqualTo("2026-01-01T00:00:02Z");
    assertThat(done.get("duration").asDouble()).isEqualTo(1.0);
    JsonNode waiting = body.at("/task_instances/1");
    assertThat(waiting.get("task_id").asText()).isEqualTo("load");
    assertThat(waiting.get("state").asText()).isEqualTo("none");
    assertThat(waiting.get("max_tries").asInt()).isEqualTo(3);
    assertThat(waiting.get("hostname").isNull()).isTrue();
    assertThat(waiting.get("duration").isNull()).isTrue();
  }

  @Test
  void a_run_id_with_an_unencoded_plus_and_colons_is_found_too() {
    api.save(DAG);
    api.run(DAG, RUN_ID, T0, RunState.QUEUED);

    HttpResponse<String> response =
        api.client().get("/api/v1/dags/etl_daily/dagRuns/" + RUN_ID + "/taskInstances");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).at("/task_instances/0/dag_run_id").asText()).isEqualTo(RUN_ID);
  }

  @Test
  void an_unknown_run_is_a_404_problem_that_names_the_dag_and_the_run() {
    api.save(DAG);

    HttpResponse<String> response =
        api.client().get("/api/v1/dags/etl_daily/dagRuns/manual__nope/taskInstances");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(ApiClient.contentType(response)).startsWith("application/problem+json");
    assertThat(json(response).get("detail").asText())
        .contains("DAG 'etl_daily' has no run 'manual__nope'", "/api/v1/dags/etl_daily/dagRuns");
  }

  @Test
  void task_instances_of_an_unknown_dag_is_a_404_problem() {
    HttpResponse<String> response =
        api.client().get("/api/v1/dags/no_such_dag/dagRuns/manual__x/taskInstances");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(json(response).get("detail").asText()).contains("DAG 'no_such_dag' does not exist");
  }
}

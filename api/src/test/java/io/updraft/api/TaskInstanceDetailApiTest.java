package io.updraft.api;

import static io.updraft.api.ApiClient.json;
import static io.updraft.api.TestApi.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.updraft.core.auth.Role;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.testing.PostgresExtension;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A task instance's detail, tries, XCom and logs. */
@ExtendWith(PostgresExtension.class)
class TaskInstanceDetailApiTest {
  private static final Dag DAG =
      Dag.builder("etl").task(Task.bash("extract", "echo e").retries(1)).build();
  private static final String TI = "/api/v1/dags/etl/dagRuns/r1/taskInstances/extract";

  private static TestApi api;

  @BeforeAll
  static void start() {
    api = TestApi.connect().start();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  /** A first try that failed and was retried, and a second try running now. */
  private TaskInstance retriedAndRunning() {
    api.save(DAG);
    DagRun run = api.run(DAG, "r1", T0, RunState.RUNNING);
    TaskInstance ti =
        api.move(
            api.taskInstances(run).getFirst(),
            "w1",
            T0,
            TaskState.QUEUED,
            TaskState.RUNNING,
            TaskState.UP_FOR_RETRY);
    api.runs.apply(
        new TaskChange(
            ti.id(),
            1,
            TaskState.UP_FOR_RETRY,
            TaskState.QUEUED,
            T0.plusSeconds(10),
            true,
            null,
            null));
    TaskInstance second = api.runs.findTaskInstance(ti.id()).orElseThrow();
    return api.move(second, "w2", T0.plusSeconds(11), TaskState.RUNNING);
  }

  @Test
  void a_mapped_tasks_instance_is_addressed_by_map_index_and_a_wrong_one_is_named() {
    Dag mapped =
        Dag.builder("mapped_api")
            .task(Task.java("load", ctx -> ctx.mapValue()).expand(List.of("a", "b")))
            .build();
    api.save(mapped);
    DagRun run = api.run(mapped, "m1", T0, RunState.RUNNING);
    api.runs.expand(api.taskInstances(run).getFirst(), 2, T0);
    String url = "/api/v1/dags/mapped_api/dagRuns/m1/taskInstances/load";

    JsonNode second = json(api.as(Role.VIEWER).get(url + "?map_index=1"));
    JsonNode first = json(api.as(Role.VIEWER).get(url));
    var missing = api.as(Role.VIEWER).get(url + "?map_index=5");
    var notANumber = api.as(Role.VIEWER).get(url + "?map_index=x");

    assertThat(second.get("map_index").asInt()).isEqualTo(1);
    assertThat(first.get("map_index").asInt()).isZero();
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("has no instance of map index 5", "[0, 1]");
    assertThat(notANumber.statusCode()).isEqualTo(400);
    assertThat(notANumber.body()).contains("map_index must be a whole number");
  }

  @Test
  void tries_list_each_try_with_its_worker_times_and_outcome() {
    retriedAndRunning();

    JsonNode tries = json(api.as(Role.VIEWER).get(TI + "/tries"));

    assertThat(tries.get("total_entries").asInt()).isEqualTo(2);
    assertThat(tries.at("/task_instances/0/try_number").asInt()).isEqualTo(1);
    assertThat(tries.at("/task_instances/0/state").asText()).isEqualTo("up_for_retry");
    assertThat(tries.at("/task_instances/0/hostname").asText()).isEqualTo("w1");
    assertThat(tries.at("/task_instances/0/end_date").isNull()).isFalse();
    assertThat(tries.at("/task_instances/1/state").asText()).isEqualTo("running");
    assertThat(tries.at("/task_instances/1/hostname").asText()).isEqualTo("w2");
    assertThat(tries.at("/task_instances/1/end_date").isNull()).isTrue();
    assertThat(json(api.as(Role.VIEWER).get(TI)).get("try_number").asInt()).isEqualTo(2);
  }

  @Test
  void logs_are_read_per_try_from_an_offset_while_the_try_still_runs() {
    TaskInstance ti = retriedAndRunning();
    api.logs.append(ti.id(), 1, List.of("first try", "it failed"));
    api.logs.append(ti.id(), 2, List.of("second try", "line 2"));

    JsonNode first = json(api.as(Role.VIEWER).get(TI + "/logs/1"));
    JsonNode second = json(api.as(Role.VIEWER).get(TI + "/logs/2"));
    api.logs.append(ti.id(), 2, List.of("line 3"));
    JsonNode rest =
        json(api.as(Role.VIEWER).get(TI + "/logs/2?offset=" + second.get("next_offset").asInt()));

    assertThat(first.get("lines"))
        .extracting(JsonNode::asText)
        .containsExactly("first try", "it failed");
    assertThat(first.get("more_expected").asBoolean()).isFalse();
    assertThat(second.get("lines"))
        .extracting(JsonNode::asText)
        .containsExactly("second try", "line 2");
    assertThat(second.get("more_expected").asBoolean()).isTrue();
    assertThat(rest.get("lines")).extracting(JsonNode::asText).containsExactly("line 3");
    assertThat(rest.get("next_offset").asInt()).isEqualTo(3);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/logs/..%2F..%2F..%2Fetc%2Fpasswd", "/logs/3", "/logs/0", "/logs/-1"})
  void a_log_request_for_a_try_that_does_not_exist_or_a_path_is_a_404_that_lists_the_tries(
      String suffix) {
    retriedAndRunning();

    HttpResponse<String> response = api.as(Role.VIEWER).get(TI + suffix);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(ApiClient.contentType(response)).startsWith("application/problem+json");
    assertThat(json(response).get("detail").asText()).contains("has tries 1 to 2");
    assertThat(response.body()).doesNotContain("root:");
  }

  @Test
  void a_task_id_that_looks_like_a_path_is_just_an_unknown_task() {
    retriedAndRunning();

    HttpResponse<String> response =
        api.as(Role.VIEWER)
            .get("/api/v1/dags/etl/dagRuns/r1/taskInstances/..%2F..%2Fetc%2Fpasswd/logs/1");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).doesNotContain("root:");
    // The server refuses a NUL in a path before any route sees it.
    HttpResponse<String> nul = api.as(Role.VIEWER).get(TI + "/logs/1%00");
    assertThat(nul.statusCode()).isEqualTo(400);
    assertThat(nul.body()).doesNotContain("root:");
  }

  @Test
  void xcom_entries_are_listed_and_read_by_key_as_json() {
    TaskInstance ti = retriedAndRunning();
    api.xcoms.put(ti.dagRunId(), "extract", "return_value", "{\"rows\": 42}");
    api.xcoms.put(ti.dagRunId(), "extract", "note", "\"<b>hi</b>\"");

    JsonNode list = json(api.as(Role.VIEWER).get(TI + "/xcomEntries"));
    JsonNode one = json(api.as(Role.VIEWER).get(TI + "/xcomEntries/return_value"));
    HttpResponse<String> missing = api.as(Role.VIEWER).get(TI + "/xcomEntries/nope");

    assertThat(list.get("xcom_entries"))
        .extracting(x -> x.get("key").asText())
        .containsExactly("note", "return_value");
    assertThat(one.at("/value/rows").asInt()).isEqualTo(42);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(json(missing).get("detail").asText()).contains("no XCom 'nope'");
  }

  @Test
  void an_op_marks_a_task_and_an_impossible_mark_is_a_409() {
    TaskInstance ti = retriedAndRunning();

    HttpResponse<String> marked = api.as(Role.OP).patch(TI, "{\"new_state\": \"success\"}");
    HttpResponse<String> bad = api.as(Role.OP).patch(TI, "{\"new_state\": \"running\"}");

    assertThat(marked.statusCode()).isEqualTo(200);
    assertThat(json(marked).get("state").asText()).isEqualTo("success");
    assertThat(api.runs.findTaskInstance(ti.id()).orElseThrow().state())
        .isEqualTo(TaskState.SUCCESS);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(api.changedRuns).contains(ti.dagRunId());
  }
}

package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.updraft.api.ApiServer;
import io.updraft.core.config.DatabaseConfig;
import io.updraft.core.config.RedisConfig;
import io.updraft.core.config.UpdraftConfig;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.core.json.Json;
import io.updraft.core.queue.Delivery;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The API process, wired as {@code updraft api} wires it with Redis configured and no scheduler
 * running: a run triggered over HTTP is running when the answer comes back, its root task queued in
 * PostgreSQL and its message already in Redis.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class ApiTriggerStartsRunTest {
  private static final String DAG_ID = "api_trigger_starts";
  private static final Dag DAG =
      Dag.builder(DAG_ID)
          .task(Task.bash("extract", "true"))
          .task(Task.bash("load", "true").after("extract"))
          .build();

  private final HttpClient http = HttpClient.newHttpClient();
  private Backends backends;
  private ApiServer api;
  private String basic;

  @BeforeEach
  void start() {
    var db = PostgresExtension.database();
    UpdraftConfig config =
        UpdraftConfig.defaults()
            .withDatabase(new DatabaseConfig(db.jdbcUrl(), db.user(), db.password(), 4))
            .withRedis(new RedisConfig(RedisExtension.url(), RedisExtension.namespace()));
    backends = Backends.open(config, true);
    backends.dags.save(DAG.structure(), backends.clock.instant());
    String password = StandaloneAdmin.createIfNoUsers(backends);
    basic =
        Base64.getEncoder()
            .encodeToString(
                (StandaloneAdmin.USERNAME + ":" + password).getBytes(StandardCharsets.UTF_8));
    api = Processes.api(backends).start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    api.close();
    backends.close();
  }

  private JsonNode trigger() throws Exception {
    HttpResponse<String> created =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:" + api.port() + "/api/v1/dags/" + DAG_ID + "/dagRuns"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    return Json.MAPPER.readTree(created.body());
  }

  @Test
  void a_run_triggered_over_http_is_running_with_its_root_task_queued_and_pushed()
      throws Exception {
    JsonNode answer = trigger();

    assertThat(answer.get("state").asText()).isEqualTo("running");
    DagRun run = backends.runs.findRun(DAG_ID, answer.get("dag_run_id").asText()).orElseThrow();
    assertThat(run.state()).isEqualTo(RunState.RUNNING);
    Map<String, TaskState> states =
        backends.runs.taskInstances(run.id()).stream()
            .collect(Collectors.toMap(TaskInstance::taskId, TaskInstance::state));
    // The root is there when the answer comes; the other task instances follow once a worker
    // starts it (none runs here), or with the scheduler's sweep.
    assertThat(states).containsExactly(Map.entry("extract", TaskState.QUEUED));
    List<Delivery> pushed =
        backends.queue().reserve("test-worker", List.of("default"), 10, Duration.ofMillis(200));
    assertThat(pushed)
        .extracting(d -> d.message().taskId() + "@" + d.message().runId())
        .containsExactly("extract@" + run.runId());
  }

  @Test
  void the_scheduler_hears_only_of_a_run_left_queued_and_both_runs_are_counted() throws Exception {
    List<Long> events = new CopyOnWriteArrayList<>();
    AutoCloseable subscription = backends.events().subscribe(events::add);
    try {
      trigger();
      backends.dags.setPaused(DAG_ID, true);
      long queued =
          backends.runs.findRun(DAG_ID, trigger().get("dag_run_id").asText()).orElseThrow().id();

      // One connection publishes both in order: once the second run's event is in, the first's
      // would be too.
      await().untilAsserted(() -> assertThat(events).contains(queued));
      assertThat(events).containsExactly(queued);
    } finally {
      subscription.close();
    }
    assertThat(
            new PrometheusText(backends.metrics().scrape())
                .value("updraft_dag_runs_total", Map.of("dag_id", DAG_ID, "run_type", "manual")))
        .contains(2.0);
  }

  @Test
  void a_run_of_a_paused_dag_triggered_over_http_stays_queued_with_nothing_pushed()
      throws Exception {
    backends.dags.setPaused(DAG_ID, true);

    JsonNode answer = trigger();

    assertThat(answer.get("state").asText()).isEqualTo("queued");
    DagRun run = backends.runs.findRun(DAG_ID, answer.get("dag_run_id").asText()).orElseThrow();
    assertThat(backends.runs.taskInstances(run.id()))
        .extracting(TaskInstance::state)
        .containsOnly(TaskState.NONE);
    assertThat(
            backends.queue().reserve("test-worker", List.of("default"), 10, Duration.ofMillis(200)))
        .isEmpty();
  }
}

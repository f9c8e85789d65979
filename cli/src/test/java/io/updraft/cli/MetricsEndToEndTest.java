package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.updraft.api.ApiServer;
import io.updraft.core.config.DatabaseConfig;
import io.updraft.core.config.FileSecretsConfig;
import io.updraft.core.config.RedisConfig;
import io.updraft.core.config.SecretsConfig;
import io.updraft.core.config.UpdraftConfig;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagBag;
import io.updraft.core.dag.Task;
import io.updraft.core.json.Json;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.state.RunState;
import io.updraft.scheduler.SchedulerService;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import io.updraft.worker.Worker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scheduler and a worker, each with the backends and metrics registry a process of its own has,
 * run a DAG on real PostgreSQL and Redis; their /metrics and /health are read over real HTTP.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class MetricsEndToEndTest {
  private static final String DAG_ID = "metrics_e2e";
  private static final Dag CHAIN =
      Dag.builder(DAG_ID)
          .task(Task.java("first", ctx -> ctx.variable("greeting")))
          .task(Task.java("second", ctx -> ctx.variable("greeting")).after("first"))
          .task(Task.java("third", ctx -> ctx.variable("greeting")).after("second"))
          .build();

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<AutoCloseable> opened = new ArrayList<>();
  private Backends schedulerSide;
  private Backends workerSide;
  private SchedulerService scheduler;
  private Worker worker;
  private ProcessEndpoints schedulerEndpoints;
  private ProcessEndpoints workerEndpoints;
  private UpdraftConfig config;

  @BeforeEach
  void start(@TempDir Path dir) throws Exception {
    Path variables = dir.resolve("variables.env");
    Files.writeString(variables, "greeting=hello\n");
    var db = PostgresExtension.database();
    config =
        UpdraftConfig.defaults()
            .withDatabase(new DatabaseConfig(db.jdbcUrl(), db.user(), db.password(), 4))
            .withRedis(new RedisConfig(RedisExtension.url(), RedisExtension.namespace()))
            .withSecrets(
                new SecretsConfig(
                    List.of("file"),
                    60,
                    new FileSecretsConfig(null, variables.toString()),
                    null,
                    null,
                    null,
                    null,
                    null));
    DagBag dags = DagBag.of(CHAIN);
    schedulerSide = opened(Backends.open(config, true));
    scheduler = opened(Processes.scheduler(schedulerSide, dags));
    schedulerEndpoints =
        opened(
            ProcessEndpoints.start(
                "127.0.0.1",
                0,
                "scheduler.metrics_port",
                schedulerSide.metrics()::scrape,
                Processes.schedulerHealth(schedulerSide, scheduler)::check));
    scheduler.start();
    workerSide = opened(Backends.open(config, false));
    worker = opened(Processes.worker(workerSide, dags, "metrics-worker", List.of("default"), 4));
    workerEndpoints =
        opened(
            ProcessEndpoints.start(
                "127.0.0.1",
                0,
                "worker.metrics_port",
                workerSide.metrics()::scrape,
                Processes.workerHealth(workerSide, worker)::check));
    worker.start();
  }

  private <T extends AutoCloseable> T opened(T part) {
    opened.add(part);
    return part;
  }

  @AfterEach
  void stop() {
    for (AutoCloseable part : opened.reversed()) {
      try {
        part.close();
      } catch (Exception e) {
        // already closed by the test
      }
    }
  }

  @Test
  void each_process_serves_its_task_queue_and_secrets_metrics_over_http() throws Exception {
    PrometheusText before = scrape(workerEndpoints);
    double successBefore = finished(before, "success");

    DagRun run = trigger();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> workerSide.runs.findRun(run.id()).orElseThrow().state() == RunState.SUCCESS);

    PrometheusText work = scrape(workerEndpoints);
    assertThat(finished(work, "success") - successBefore).isEqualTo(3.0);
    assertThat(
            work.value(
                "updraft_task_duration_seconds_count",
                Map.of("dag_id", DAG_ID, "state", "success")))
        .contains(3.0);
    assertThat(
            work.value("updraft_task_queued_to_running_seconds_count", Map.of("queue", "default")))
        .contains(3.0);
    // One read asked the file backend; the other two came from the cache.
    assertThat(
            work.value(
                "updraft_secrets_lookups_total", Map.of("backend", "file", "kind", "variable")))
        .contains(1.0);
    assertThat(
            work.value("updraft_secrets_cache_total", Map.of("kind", "variable", "result", "hit")))
        .contains(2.0);
    assertThat(work.value("updraft_worker_free_slots", Map.of("worker", "metrics-worker")))
        .isPresent();
    assertThat(work.value("updraft_worker_running_tasks", Map.of("worker", "metrics-worker")))
        .isPresent();
    assertThat(work.value("hikaricp_connections_max", Map.of("pool", "updraft"))).contains(4.0);
    assertThat(work.value("jvm_threads_live_threads", Map.of())).isPresent();

    PrometheusText planning = scrape(schedulerEndpoints);
    assertThat(planning.value("updraft_queue_messages", Map.of("queue", "default"))).isPresent();
    assertThat(
            planning.value("updraft_queue_oldest_message_age_seconds", Map.of("queue", "default")))
        .isPresent();
    // The two downstream tasks were queued by whichever planner saw their upstream end first.
    String readyToQueued = "updraft_task_ready_to_queued_seconds_count";
    assertThat(
            planning.valueOrZero(readyToQueued, Map.of("queue", "default"))
                + work.valueOrZero(readyToQueued, Map.of("queue", "default")))
        .isEqualTo(2.0);
  }

  @Test
  void an_idle_worker_reports_no_running_task_and_all_its_slots_free() throws Exception {
    DagRun run = trigger();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> workerSide.runs.findRun(run.id()).orElseThrow().state() == RunState.SUCCESS);
    // Scraped several times: the worker's loop waits on the queue with its free slots in hand, and
    // those are free all the same.
    await()
        .during(Duration.ofMillis(750))
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(150))
        .untilAsserted(
            () -> {
              PrometheusText idle = scrape(workerEndpoints);
              assertThat(
                      idle.value(
                          "updraft_worker_running_tasks", Map.of("worker", "metrics-worker")))
                  .contains(0.0);
              assertThat(
                      idle.value("updraft_worker_free_slots", Map.of("worker", "metrics-worker")))
                  .contains(4.0);
              assertThat(
                      idle.value(
                          "updraft_worker_held_outcomes", Map.of("worker", "metrics-worker")))
                  .contains(0.0);
            });
  }

  @Test
  void the_api_serves_its_metrics_and_counts_the_runs_it_creates() throws Exception {
    Backends apiSide = opened(Backends.open(config, false));
    String password = StandaloneAdmin.createIfNoUsers(apiSide);
    ApiServer api = opened(Processes.api(apiSide).start("127.0.0.1", 0));
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (StandaloneAdmin.USERNAME + ":" + password).getBytes(StandardCharsets.UTF_8));

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

    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/metrics"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    PrometheusText served = new PrometheusText(response.body());
    assertThat(
            served.value("updraft_dag_runs_total", Map.of("dag_id", DAG_ID, "run_type", "manual")))
        .contains(1.0);
    assertThat(served.value("hikaricp_connections_max", Map.of("pool", "updraft"))).contains(4.0);
  }

  @Test
  void the_queue_gauges_count_messages_no_worker_took_and_their_age() throws Exception {
    worker.close(); // nobody takes the message: it waits in the stream
    DagRun run = trigger();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                schedulerSide.runs.taskInstances(run.id()).stream()
                    .anyMatch(ti -> ti.queuedAt() != null));

    // The gauges are read from Redis at most every 10 s: wait for a read after the push.
    await()
        .atMost(QueueGauges.MAX_AGE.plusSeconds(10))
        .untilAsserted(
            () -> {
              PrometheusText planning = scrape(schedulerEndpoints);
              assertThat(planning.value("updraft_queue_messages", Map.of("queue", "default")))
                  .contains(1.0);
              assertThat(
                      planning.value("updraft_queue_waiting_messages", Map.of("queue", "default")))
                  .contains(1.0);
            });
  }

  @Test
  void health_is_200_while_database_redis_and_loop_are_up_and_503_without_the_database()
      throws Exception {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> get(workerEndpoints, "/health").statusCode() == 200);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> get(schedulerEndpoints, "/health").statusCode() == 200);
    JsonNode healthy = Json.MAPPER.readTree(get(workerEndpoints, "/health").body());
    assertThat(healthy.at("/status").asText()).isEqualTo("healthy");
    assertThat(healthy.at("/metadatabase/status").asText()).isEqualTo("healthy");
    assertThat(healthy.at("/redis/status").asText()).isEqualTo("healthy");
    assertThat(healthy.at("/heartbeat/name").asText()).isEqualTo("worker heartbeat");
    assertThat(healthy.at("/heartbeat/latest_heartbeat").asText()).isNotEmpty();

    worker.close();
    workerSide.database.close(); // the database is unreachable from this process

    HttpResponse<String> response = get(workerEndpoints, "/health");
    assertThat(response.statusCode()).isEqualTo(503);
    JsonNode unhealthy = Json.MAPPER.readTree(response.body());
    assertThat(unhealthy.at("/status").asText()).isEqualTo("unhealthy");
    assertThat(unhealthy.at("/metadatabase/status").asText()).isEqualTo("unhealthy");
    assertThat(unhealthy.at("/redis/status").asText()).isEqualTo("healthy");
  }

  @Test
  void a_metrics_port_in_use_is_refused_with_the_key_that_sets_it() {
    int taken = schedulerEndpoints.port();

    assertThatThrownBy(
            () ->
                ProcessEndpoints.start(
                    "127.0.0.1", taken, "worker.metrics_port", () -> "", () -> null))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("port " + taken)
        .hasMessageContaining("UPDRAFT_WORKER__METRICS_PORT");
  }

  @Test
  void only_get_is_answered_and_unknown_paths_are_not_found() throws Exception {
    HttpResponse<String> post =
        http.send(
            HttpRequest.newBuilder(uri(workerEndpoints, "/metrics"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(get(workerEndpoints, "/metrics/extra").statusCode()).isEqualTo(404);
    assertThat(get(workerEndpoints, "/").statusCode()).isEqualTo(404);
  }

  private DagRun trigger() {
    DagRun run =
        schedulerSide
            .runs
            .createRun(
                NewDagRun.manual(DAG_ID, schedulerSide.clock.instant(), Map.of()),
                CHAIN.structure())
            .orElseThrow();
    schedulerSide.events().publish(run.id());
    return run;
  }

  private static double finished(PrometheusText text, String state) {
    return text.valueOrZero(
        "updraft_task_instances_finished_total", Map.of("dag_id", DAG_ID, "state", state));
  }

  private PrometheusText scrape(ProcessEndpoints endpoints)
      throws IOException, InterruptedException {
    HttpResponse<String> response = get(endpoints, "/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
    return new PrometheusText(response.body());
  }

  private HttpResponse<String> get(ProcessEndpoints endpoints, String path)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(uri(endpoints, path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(ProcessEndpoints endpoints, String path) {
    return URI.create("http://127.0.0.1:" + endpoints.port() + path);
  }
}

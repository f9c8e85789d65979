package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.updraft.api.ApiServer;
import io.updraft.core.config.DatabaseConfig;
import io.updraft.core.config.RedisConfig;
import io.updraft.core.config.UpdraftConfig;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagBag;
import io.updraft.core.dag.Task;
import io.updraft.core.run.DagRun;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.scheduler.SchedulerService;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import io.updraft.worker.Worker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tasks that compute without ever blocking, more of them than the machine has cores, run in a
 * process with a scheduler, a worker and the API: the rest of that process keeps its pace.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class BusyTasksEndToEndTest {
  /** One more than the carrier threads of virtual threads, which default to one per core. */
  private static final int BUSY = Runtime.getRuntime().availableProcessors() + 1;

  private static final int CHAIN_LENGTH = 10;
  private static final Duration ONE_SECOND = Duration.ofSeconds(1);

  private static volatile boolean released;
  private static final AtomicInteger spinning = new AtomicInteger();
  private static final Map<String, Long> chainStarts = new ConcurrentHashMap<>();

  private static final Dag BUSY_DAG = busyDag();
  private static final Dag CHAIN = chain();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(ONE_SECOND).build();
  private final List<AutoCloseable> opened = new ArrayList<>();
  private Backends backends;
  private TestRuns runs;
  private ProcessEndpoints workerEndpoints;
  private ApiServer api;

  private static Dag busyDag() {
    Dag.Builder builder = Dag.builder("busy_loops").maxActiveTasks(BUSY);
    for (int i = 0; i < BUSY; i++) {
      Task spin =
          Task.java(
              "spin_" + i,
              ctx -> {
                spinning.incrementAndGet();
                long turns = 0;
                // Neither blocks nor checks for interrupts, until the test ends.
                while (!released) {
                  turns++;
                }
                return turns;
              });
      // One of them also outlives its timeout: its thread is counted, not stopped.
      builder.task(i == 0 ? spin.executionTimeout(Duration.ofSeconds(2)) : spin);
    }
    return builder.build();
  }

  private static Dag chain() {
    Dag.Builder builder = Dag.builder("chain_beside_busy_loops");
    String[] ids = new String[CHAIN_LENGTH];
    for (int i = 0; i < CHAIN_LENGTH; i++) {
      ids[i] = String.format(Locale.ROOT, "step_%02d", i);
      builder.task(
          Task.java(
              ids[i],
              ctx -> {
                chainStarts.put(ctx.taskId(), System.nanoTime());
                return null;
              }));
    }
    return builder.chain(ids).build();
  }

  @BeforeEach
  void start() throws Exception {
    released = false;
    spinning.set(0);
    chainStarts.clear();
    var db = PostgresExtension.database();
    UpdraftConfig config =
        UpdraftConfig.defaults()
            .withDatabase(new DatabaseConfig(db.jdbcUrl(), db.user(), db.password(), 8))
            .withRedis(new RedisConfig(RedisExtension.url(), RedisExtension.namespace()));
    DagBag dags = DagBag.of(BUSY_DAG, CHAIN);
    backends = opened(Backends.open(config, true));
    runs = new TestRuns(backends);
    SchedulerService scheduler = opened(Processes.scheduler(backends, dags));
    scheduler.start();
    Worker worker =
        opened(Processes.worker(backends, dags, "busy-worker", List.of("default"), BUSY + 2));
    workerEndpoints =
        opened(
            ProcessEndpoints.start(
                "127.0.0.1",
                0,
                "worker.metrics_port",
                backends.metrics()::scrape,
                Processes.workerHealth(backends, worker)::check));
    worker.start();
    api = opened(Processes.api(backends).start("127.0.0.1", 0));
  }

  private <T extends AutoCloseable> T opened(T part) {
    opened.add(part);
    return part;
  }

  @AfterEach
  void stop() {
    released = true;
    for (AutoCloseable part : opened.reversed()) {
      try {
        part.close();
      } catch (Exception e) {
        // closing anyway
      }
    }
  }

  @Test
  void tasks_that_compute_without_end_leave_other_runs_the_api_and_health_their_pace()
      throws Exception {
    DagRun busy = runs.trigger(BUSY_DAG);
    await().atMost(Duration.ofSeconds(30)).until(() -> spinning.get() == BUSY);

    DagRun chain = runs.trigger(CHAIN);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> backends.runs.findRun(chain.id()).orElseThrow().state() == RunState.SUCCESS);
    assertThat(spinning.get()).as("still spinning").isEqualTo(BUSY);
    for (int i = 1; i < CHAIN_LENGTH; i++) {
      long gap =
          chainStarts.get(String.format(Locale.ROOT, "step_%02d", i))
              - chainStarts.get(String.format(Locale.ROOT, "step_%02d", i - 1));
      assertThat(Duration.ofNanos(gap)).as("hand-over to step %d", i).isLessThan(ONE_SECOND);
    }

    assertAnswersWithinASecond(uri(workerEndpoints.port(), "/health"));
    assertAnswersWithinASecond(uri(api.port(), "/api/v1/health"));

    // The spin with a timeout was recorded at its timeout; its thread runs on, and is counted.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                backends.runs.taskInstances(busy.id()).stream()
                    .anyMatch(
                        ti -> ti.taskId().equals("spin_0") && ti.state() == TaskState.FAILED));
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(
                        new PrometheusText(answer(uri(workerEndpoints.port(), "/metrics")).body())
                            .value(
                                "updraft_task_threads_unstoppable", Map.of("dag_id", "busy_loops")))
                    .contains(1.0));
  }

  private void assertAnswersWithinASecond(URI uri) throws Exception {
    long started = System.nanoTime();
    HttpResponse<String> response = answer(uri);
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .as(uri.toString())
        .isLessThan(ONE_SECOND);
    assertThat(response.statusCode()).as(uri + ": " + response.body()).isIn(200, 503);
  }

  private HttpResponse<String> answer(URI uri) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(int port, String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }
}

package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.updraft.core.config.DatabaseConfig;
import io.updraft.core.config.RedisConfig;
import io.updraft.core.config.UpdraftConfig;
import io.updraft.core.connection.Connection;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagBag;
import io.updraft.core.dag.Task;
import io.updraft.core.hook.ConnectionLookup;
import io.updraft.core.hook.Hooks;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.hooks.http.WebhookNotifier;
import io.updraft.scheduler.SchedulerService;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import io.updraft.testing.TestDatabase;
import io.updraft.worker.Worker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Task and run callbacks from a Java DAG through the real scheduler, Redis and a worker: a failed
 * task's notifier and the run's failure callback each reach a local HTTP server once, with their
 * rendered fields, and a callback that throws changes no state.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class CallbacksEndToEndTest {
  @StartStop private final MockWebServer alerts = new MockWebServer();

  private final List<String> received = new ArrayList<>();
  private Backends backends;
  private SchedulerService scheduler;
  private Worker worker;
  private Hooks hooks;
  private Dag dag;

  @BeforeEach
  void start() throws Exception {
    TestDatabase db = PostgresExtension.database();
    UpdraftConfig config =
        UpdraftConfig.defaults()
            .withDatabase(new DatabaseConfig(db.jdbcUrl(), db.user(), db.password(), 4))
            .withRedis(new RedisConfig(RedisExtension.url(), RedisExtension.namespace()));
    backends = Backends.open(config, true);
    alerts.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            synchronized (received) {
              received.add(request.getTarget() + " " + request.getBody().utf8());
            }
            return new MockResponse.Builder().code(204).build();
          }
        });
    String runAlerts = "http://" + alerts.getHostName() + ":" + alerts.getPort() + "/run";
    dag =
        Dag.builder("e2e_callbacks")
            .onRunFailure(
                run ->
                    HttpClient.newHttpClient()
                        .send(
                            HttpRequest.newBuilder(URI.create(runAlerts))
                                .POST(
                                    HttpRequest.BodyPublishers.ofString(
                                        run.runId()
                                            + " "
                                            + run.state()
                                            + " "
                                            + run.failedTaskIds()))
                                .build(),
                            HttpResponse.BodyHandlers.discarding()))
            .task(
                Task.java(
                        "breaks",
                        ctx -> {
                          throw new IllegalStateException("source is down");
                        })
                    .onFailure(
                        WebhookNotifier.to(
                            "alerts", "/task", "{{ task_id }} failed in {{ run_id }}")))
            .task(
                Task.java("fine", ctx -> 1)
                    .onSuccess(
                        ctx -> {
                          throw new IllegalStateException("the success callback broke");
                        }))
            .build();
    hooks =
        Hooks.load(
            ConnectionLookup.of(
                Map.of(
                    "alerts",
                    Connection.fromUri(
                        "alerts", "http://" + alerts.getHostName() + ":" + alerts.getPort()))),
            getClass().getClassLoader());
    DagBag dags = DagBag.of(dag);
    scheduler = Processes.scheduler(backends, dags);
    scheduler.start();
    worker = Processes.worker(backends, dags, "e2e-callbacks-worker", List.of("default"), 4, hooks);
    worker.start();
  }

  @AfterEach
  void stop() {
    worker.close();
    scheduler.close();
    hooks.close();
    backends.close();
  }

  @Test
  void a_failed_tasks_notifier_and_the_runs_failure_callback_each_arrive_once() throws Exception {
    DagRun run =
        backends
            .runs
            .createRun(
                NewDagRun.manual(dag.id(), backends.clock.instant(), Map.of()), dag.structure())
            .orElseThrow();
    backends.events().publish(run.id());

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> backends.runs.findRun(run.id()).orElseThrow().state().isTerminal());
    await().atMost(Duration.ofSeconds(30)).until(() -> snapshot().size() >= 2);
    // A duplicate would show up within this time: the count must hold still through it.
    await()
        .during(Duration.ofMillis(1500))
        .atMost(Duration.ofSeconds(5))
        .until(() -> snapshot().size() == 2);

    List<String> requests = snapshot();
    assertThat(requests).hasSize(2);
    assertThat(requests)
        .anySatisfy(
            r ->
                assertThat(r)
                    .startsWith("/task ")
                    .contains("\"message\":\"breaks failed in " + run.runId() + "\"")
                    .contains("\"task_id\":\"breaks\""));
    assertThat(requests).contains("/run " + run.runId() + " FAILED [breaks]");
    assertThat(backends.runs.findRun(run.id()).orElseThrow().state()).isEqualTo(RunState.FAILED);
    Map<String, TaskState> states =
        backends.runs.taskInstances(run.id()).stream()
            .collect(Collectors.toMap(TaskInstance::taskId, TaskInstance::state));
    assertThat(states)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("breaks", TaskState.FAILED, "fine", TaskState.SUCCESS));
  }

  private List<String> snapshot() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }
}

package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.updraft.core.config.DatabaseConfig;
import io.updraft.core.config.FileSecretsConfig;
import io.updraft.core.config.RedisConfig;
import io.updraft.core.config.SecretsConfig;
import io.updraft.core.config.UpdraftConfig;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagBag;
import io.updraft.core.dag.Task;
import io.updraft.core.deadline.Deadline;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.hooks.http.WebhookNotifier;
import io.updraft.hooks.slack.SlackWebhookNotifier;
import io.updraft.scheduler.SchedulerService;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import io.updraft.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Notifiers as run callbacks through a real scheduler process's composition: the connection comes
 * from the secrets chain configured for the process (a connections file), the notice carries the
 * run's fields and reaches a local HTTP server with the connection's credentials, and neither the
 * log nor a failed request's error ever shows the password.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class RunNotifierEndToEndTest {
  private static final String PASSWORD = "s3cret-webhook-pass";

  @StartStop private final MockWebServer alerts = new MockWebServer();
  @TempDir Path dir;

  private final List<String> received = new ArrayList<>();
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private Backends backends;
  private SchedulerService scheduler;

  @BeforeEach
  void start() throws Exception {
    alerts.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            synchronized (received) {
              received.add(
                  request.getTarget()
                      + " "
                      + request.getHeaders().get("Authorization")
                      + " "
                      + request.getBody().utf8());
            }
            // The Slack endpoint is down: its notifier fails.
            return new MockResponse.Builder()
                .code(request.getTarget().startsWith("/slack") ? 500 : 204)
                .body(request.getTarget().startsWith("/slack") ? "down" : "")
                .build();
          }
        });
    Path connections = dir.resolve("connections.env");
    Files.writeString(
        connections,
        "alerts=http://alerter:"
            + PASSWORD
            + "@"
            + alerts.getHostName()
            + ":"
            + alerts.getPort()
            + "\n"
            + "slack={\"conn_type\": \"slack_webhook\", \"host\": \""
            + alerts.getHostName()
            + "\", \"schema\": \"http\", \"port\": "
            + alerts.getPort()
            + ", \"password\": \"/slack/T0/B0\"}\n");
    TestDatabase db = PostgresExtension.database();
    UpdraftConfig config =
        UpdraftConfig.defaults()
            .withDatabase(new DatabaseConfig(db.jdbcUrl(), db.user(), db.password(), 4))
            .withRedis(new RedisConfig(RedisExtension.url(), RedisExtension.namespace()))
            .withSecrets(
                new SecretsConfig(
                    List.of("file"),
                    60,
                    new FileSecretsConfig(connections.toString(), null),
                    null,
                    null,
                    null,
                    null,
                    null));
    backends = Backends.open(config, true);
    log.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(log);
  }

  @AfterEach
  void stop() {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(log);
    if (scheduler != null) {
      scheduler.close();
    }
    backends.close();
  }

  @Test
  void a_run_failure_webhook_posts_the_runs_fields_with_the_chains_connection_and_no_password()
      throws Exception {
    Dag failing =
        Dag.builder("run_notified")
            .onRunFailure(
                WebhookNotifier.to(
                    "alerts",
                    "/runs",
                    "{{ dag_id }} {{ run_id }} {{ state }} on {{ ds }}: {{ conf.table }}"))
            .task(Task.java("extract", ctx -> 1))
            .task(Task.java("load", ctx -> 1).after("extract"))
            .build();
    Dag slackDown =
        Dag.builder("run_notified_slack_down")
            .onRunSuccess(SlackWebhookNotifier.to("slack", "{{ run_id }} done"))
            .task(Task.java("only", ctx -> 1))
            .build();
    DagRun run = finished(failing, Map.of("table", "{{ conn.alerts.password }}"), "load");
    DagRun other = finished(slackDown, Map.of(), null);

    scheduler = Processes.scheduler(backends, DagBag.of(failing, slackDown));
    scheduler.start();

    await().atMost(Duration.ofSeconds(30)).until(() -> requestErrors().size() == 1);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> snapshot().stream().anyMatch(r -> r.startsWith("/runs ")));

    String basic =
        "Basic " + Base64.getEncoder().encodeToString(("alerter:" + PASSWORD).getBytes("UTF-8"));
    assertThat(snapshot())
        .anySatisfy(
            r ->
                assertThat(r)
                    .startsWith("/runs " + basic + " ")
                    .contains(
                        "\"message\":\"run_notified "
                            + run.runId()
                            + " failed on "
                            + run.logicalDate().toString().substring(0, 10)
                            // The conf is the run's data: printed as given, never evaluated.
                            + ": {{ conn.alerts.password }}\"")
                    .contains("\"state\":\"failed\"")
                    .contains("\"failed_task_ids\":[\"load\"]")
                    .contains("\"run_id\":\"" + run.runId() + "\""))
        .anySatisfy(r -> assertThat(r).startsWith("/slack/T0/B0 ").contains(other.runId()));
    assertThat(snapshot()).filteredOn(r -> r.startsWith("/runs ")).hasSize(1);
    assertThat(requestErrors()).singleElement().asString().contains("500");
    assertThat(requestErrors()).noneMatch(e -> e.contains(PASSWORD) || e.contains("T0/B0"));
    assertThat(logText()).contains("callback").doesNotContain(PASSWORD);
  }

  @Test
  void a_missed_deadline_is_told_through_a_webhook_notifier_with_the_miss_and_no_password()
      throws Exception {
    Dag late =
        Dag.builder("deadline_notified")
            .deadline(Deadline.afterLogicalDate(Duration.ofMinutes(5)))
            .onDeadlineMiss(
                WebhookNotifier.to(
                    "alerts", "/deadlines", "{{ missed }} was due at {{ deadline }}: {{ conf.x }}"))
            .task(Task.bash("wait", "sleep 600"))
            .build();
    backends.dags.save(late.structure(), backends.clock.instant());
    // An hour old: its deadline passed 55 minutes ago, and it is still running.
    DagRun run =
        backends
            .runs
            .createRun(
                NewDagRun.manual(
                    late.id(),
                    backends.clock.instant().minus(Duration.ofHours(1)),
                    Map.of("x", "<{{ conn.alerts.password }}>")),
                late.structure())
            .orElseThrow();
    backends.runs.setRunState(run.id(), RunState.RUNNING, backends.clock.instant());
    Instant due =
        backends.runs.findRun(run.id()).orElseThrow().logicalDate().plus(Duration.ofMinutes(5));

    scheduler = Processes.scheduler(backends, DagBag.of(late));
    scheduler.start();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> snapshot().stream().anyMatch(r -> r.startsWith("/deadlines ")));
    String basic =
        "Basic " + Base64.getEncoder().encodeToString(("alerter:" + PASSWORD).getBytes("UTF-8"));
    assertThat(snapshot())
        .filteredOn(r -> r.startsWith("/deadlines "))
        .singleElement()
        .asString()
        .startsWith("/deadlines " + basic + " ")
        .contains(
            "\"message\":\"run "
                + run.runId()
                + " of deadline_notified was due at "
                + due
                + ": <{{ conn.alerts.password }}>\"")
        .contains("\"missed\":\"run " + run.runId() + " of deadline_notified\"")
        .contains("\"run_id\":\"" + run.runId() + "\"");
    assertThat(logText()).doesNotContain(PASSWORD);
  }

  private DagRun finished(Dag dag, Map<String, Object> conf, String failedTask) {
    backends.dags.save(dag.structure(), backends.clock.instant());
    DagRun run =
        backends
            .runs
            .createRun(NewDagRun.manual(dag.id(), backends.clock.instant(), conf), dag.structure())
            .orElseThrow();
    for (TaskInstance ti : backends.runs.taskInstances(run.id())) {
      TaskState to = ti.taskId().equals(failedTask) ? TaskState.FAILED : TaskState.SUCCESS;
      backends.runs.apply(TaskChange.of(ti, to, backends.clock.instant()));
    }
    backends.runs.setRunState(run.id(), RunState.RUNNING, backends.clock.instant());
    backends.runs.setRunState(
        run.id(),
        failedTask == null ? RunState.SUCCESS : RunState.FAILED,
        backends.clock.instant());
    return run;
  }

  private List<String> requestErrors() throws Exception {
    List<String> errors = new ArrayList<>();
    try (Connection c = backends.database.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("select error from callback_request where error is not null")) {
      while (rs.next()) {
        errors.add(rs.getString(1));
      }
    }
    return errors;
  }

  private String logText() {
    StringBuilder text = new StringBuilder();
    for (ILoggingEvent event : List.copyOf(log.list)) {
      text.append(event.getFormattedMessage()).append('\n');
      for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
        text.append(t.getClassName()).append(": ").append(t.getMessage()).append('\n');
      }
    }
    return text.toString();
  }

  private List<String> snapshot() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }
}

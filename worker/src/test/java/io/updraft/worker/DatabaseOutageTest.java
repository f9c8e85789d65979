package io.updraft.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.updraft.core.config.DatabaseConfig;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagBag;
import io.updraft.core.dag.DagSource;
import io.updraft.core.dag.Task;
import io.updraft.core.hook.ConnectionLookup;
import io.updraft.core.hook.Hooks;
import io.updraft.core.metrics.MetricsRecorder;
import io.updraft.core.run.DagRun;
import io.updraft.core.secrets.SecretMasker;
import io.updraft.core.secrets.SecretsAudit;
import io.updraft.core.secrets.SecretsChain;
import io.updraft.core.state.TaskState;
import io.updraft.sql.Database;
import io.updraft.sql.PostgresDagStore;
import io.updraft.sql.PostgresRenderedFieldsStore;
import io.updraft.sql.PostgresRunStore;
import io.updraft.sql.PostgresTaskLogStore;
import io.updraft.sql.PostgresWorkerStore;
import io.updraft.sql.PostgresXComStore;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import io.updraft.testing.TcpProxy;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A worker whose path to PostgreSQL is cut (a real TCP proxy between them) while its tasks run; the
 * test itself reads and writes through a direct connection, as the scheduler would.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class DatabaseOutageTest {
  private static final int LINES = 450;

  private WorkerFixture fx;
  private TcpProxy proxy;
  private Database cutOff;
  private Worker worker;

  @BeforeEach
  void open() {
    fx = new WorkerFixture();
    var db = PostgresExtension.database();
    URI direct = URI.create(db.jdbcUrl().substring("jdbc:".length()));
    int port = direct.getPort() == -1 ? 5432 : direct.getPort();
    proxy = TcpProxy.start(direct.getHost(), port);
    String routed =
        db.jdbcUrl().replace(direct.getHost() + ":" + port, "127.0.0.1:" + proxy.port());
    cutOff = Database.connect(new DatabaseConfig(routed, db.user(), db.password(), 4));
  }

  @AfterEach
  void close() {
    proxy.restore();
    if (worker != null) {
      worker.close();
    }
    fx.close();
    cutOff.close();
    proxy.close();
  }

  private Worker startWorker(WorkerSettings settings, Dag... dags) {
    var clock = fx.clock;
    worker =
        Worker.create(
            settings,
            DagSource.of(DagBag.of(dags)),
            new PostgresRunStore(cutOff, clock),
            new PostgresDagStore(cutOff),
            new PostgresXComStore(cutOff),
            new PostgresTaskLogStore(cutOff),
            new PostgresRenderedFieldsStore(cutOff),
            new PostgresWorkerStore(cutOff),
            fx.queue,
            fx.events,
            clock,
            new SecretsChain(
                List.of(), Duration.ZERO, clock, SecretsAudit.none(), new SecretMasker()),
            Hooks.load(ConnectionLookup.of(Map.of()), getClass().getClassLoader()),
            MetricsRecorder.NONE);
    worker.start();
    return worker;
  }

  @Test
  void a_task_that_succeeds_while_the_database_is_away_is_recorded_with_its_whole_log_once_back()
      throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    Dag dag =
        Dag.builder("outage_success")
            .task(
                Task.java(
                    "work",
                    ctx -> {
                      started.countDown();
                      finish.await();
                      // More lines than one chunk: the chunk written while cut must not be lost.
                      for (int i = 0; i < LINES; i++) {
                        ctx.log().info("line " + i);
                      }
                      // No XCom: a return value is written as the task ends, not held.
                      return null;
                    }))
            // Made ready by the held outcome: it must not run on a slot the worker gave back.
            .task(Task.java("after", ctx -> null).after("work"))
            .build();
    startWorker(fx.settings("outage", 2, Duration.ofSeconds(5)), dag);
    DagRun run = fx.trigger(dag);
    assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();

    proxy.cut();
    finish.countDown();
    await().atMost(Duration.ofSeconds(20)).until(() -> worker.heldOutcomes() == 1);
    // The outage goes on for seconds; the try stays running (held, not reaped) all that time.
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(() -> fx.task(run, "work").state() == TaskState.RUNNING);
    // Queued during the outage: a worker that reserved it now could not claim it, and the message
    // would wait out the queue's 5 minute visibility timeout.
    DagRun second = fx.trigger(dag);
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .until(() -> worker.heldOutcomes() == 1);
    proxy.restore();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> fx.task(run, "work").state() == TaskState.SUCCESS);
    var ti = fx.task(run, "work");
    // Try 1 still: it was held, never reaped. (Whether a beat lands between the database coming
    // back and the record is a race between two timers, so the beat itself is not asserted.)
    assertThat(ti.tryNumber()).isEqualTo(1);
    String log = fx.log(run, "work", 1);
    for (int i = 0; i < LINES; i++) {
      assertThat(log).contains("line " + i + "\n");
    }
    assertThat(log).contains("Task succeeded");
    assertThat(worker.heldOutcomes()).isZero();
    finishSecond(second);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                fx.task(run, "after").state() == TaskState.SUCCESS
                    && fx.task(second, "after").state() == TaskState.SUCCESS);
    // Every slot back, and no more: the task made ready by the held outcome went through the queue
    // instead of running on the slot its upstream had given back during the outage.
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(5))
        .until(() -> worker.freeSlots() == worker.slots());
  }

  private void finishSecond(DagRun second) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> fx.task(second, "work").state() == TaskState.SUCCESS);
    assertThat(fx.task(second, "work").tryNumber()).isEqualTo(1);
  }

  @Test
  void a_java_task_still_running_when_its_worker_loses_its_lease_is_stopped() {
    Dag dag =
        Dag.builder("outage_lease")
            .task(
                Task.java(
                        "sleepy",
                        ctx -> {
                          ctx.log().info("sleeping");
                          Thread.sleep(Duration.ofMinutes(5));
                          return "never";
                        })
                    .retries(1))
            .build();
    startWorker(
        fx.settings("lease", 2, Duration.ofSeconds(5)).toBuilder()
            .lease(Duration.ofSeconds(1))
            .build(),
        dag);
    DagRun run = fx.trigger(dag);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> fx.task(run, "sleepy").state() == TaskState.RUNNING);

    proxy.cut();
    await().atMost(Duration.ofSeconds(15)).until(() -> worker.running() == 0);
    await().atMost(Duration.ofSeconds(15)).until(() -> worker.heldOutcomes() == 1);
    proxy.restore();

    // Held as up for retry and recorded once back, fenced on try 1.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> fx.task(run, "sleepy").tryNumber() > 1 || !isRunningTry1(run));
    assertThat(fx.log(run, "sleepy", 1)).contains("lost its lease");
  }

  private boolean isRunningTry1(DagRun run) {
    var ti = fx.task(run, "sleepy");
    return ti.tryNumber() == 1 && ti.state() == TaskState.RUNNING;
  }

  @Test
  void lease_plus_its_margin_must_be_shorter_than_the_zombie_window() {
    var settings =
        fx.settings("bad", 1, Duration.ofSeconds(5)).toBuilder()
            .lease(Duration.ofSeconds(55))
            .build();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Worker.checkLease(settings, Duration.ofSeconds(60)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("worker.lease_seconds")
        .hasMessageContaining("zombie_after_seconds");
    Worker.checkLease(
        fx.settings("good", 1, Duration.ofSeconds(5)).toBuilder()
            .lease(Duration.ofSeconds(30))
            .build(),
        Duration.ofSeconds(60));
  }
}

package io.updraft.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.updraft.core.config.DatabaseConfig;
import io.updraft.core.config.SchedulerConfig;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagBag;
import io.updraft.core.dag.DagSource;
import io.updraft.core.dag.Task;
import io.updraft.core.metrics.MetricsRecorder;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.ImportErrorStore;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.TaskState;
import io.updraft.sql.Database;
import io.updraft.sql.PostgresDagStore;
import io.updraft.sql.PostgresRunStore;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import io.updraft.testing.TcpProxy;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A whole scheduler whose database goes away longer than {@code zombie_after}: its sweeps fail
 * before they reach the reaper, and still no try is reaped until its worker had a whole window to
 * beat again once the database answers.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class SchedulerOutageTest {
  private static final Duration ZOMBIE_AFTER = Duration.ofSeconds(2);
  private static final Dag DAG =
      Dag.builder("outage").task(Task.java("held", ctx -> 1).retries(1)).build();

  private final Clock clock = Clock.systemUTC();
  private TestBackends backends;
  private TcpProxy proxy;
  private Database cutOff;
  private SchedulerService scheduler;

  @BeforeEach
  void open() {
    backends = new TestBackends(clock);
    var db = PostgresExtension.database();
    URI direct = URI.create(db.jdbcUrl().substring("jdbc:".length()));
    int port = direct.getPort() == -1 ? 5432 : direct.getPort();
    proxy = TcpProxy.start(direct.getHost(), port);
    cutOff =
        Database.connect(
            new DatabaseConfig(
                db.jdbcUrl().replace(direct.getHost() + ":" + port, "127.0.0.1:" + proxy.port()),
                db.user(),
                db.password(),
                4));
  }

  @AfterEach
  void close() {
    if (scheduler != null) {
      scheduler.close();
    }
    cutOff.close();
    proxy.close();
    backends.close();
  }

  private TaskInstance held(DagRun run) {
    return backends.runs.taskInstances(run.id()).getFirst();
  }

  @Test
  void a_try_whose_worker_could_not_beat_during_an_outage_gets_a_whole_window_after_it()
      throws Exception {
    backends.dags.save(DAG.structure(), clock.instant());
    DagRun run =
        backends
            .runs
            .createRun(NewDagRun.manual("outage", clock.instant(), Map.of()), DAG.structure())
            .orElseThrow();
    TaskInstance ti = held(run);
    Instant started = clock.instant();
    backends.runs.apply(TaskChange.of(ti, TaskState.QUEUED, started));
    backends.runs.apply(
        new TaskChange(
            ti.id(), 1, TaskState.QUEUED, TaskState.RUNNING, started, false, null, "w1"));
    scheduler =
        new SchedulerService(
            SchedulerSettings.builder(new SchedulerConfig(100, 60, (int) ZOMBIE_AFTER.toSeconds()))
                .build(),
            DagSource.of(DagBag.of(DAG)),
            new PostgresDagStore(cutOff),
            ImportErrorStore.none(),
            new PostgresRunStore(cutOff, clock),
            backends.queue,
            backends.events,
            cutOff.dataSource(),
            clock,
            MetricsRecorder.NONE);
    scheduler.start();

    proxy.cut();
    // The outage lasts until the try's heartbeat is stale by twice the window.
    await()
        .atMost(ZOMBIE_AFTER.multipliedBy(4))
        .until(
            () ->
                Duration.between(started, clock.instant()).compareTo(ZOMBIE_AFTER.multipliedBy(2))
                    > 0);
    proxy.restore();
    Instant restored = clock.instant();

    // The worker's heartbeat is stale by now, but it could not beat: no reaping within the window.
    await()
        .pollInterval(Duration.ofMillis(50))
        .during(ZOMBIE_AFTER.minusMillis(500))
        .atMost(ZOMBIE_AFTER.plusSeconds(5))
        .until(() -> held(run).state() == TaskState.RUNNING);
    assertThat(Duration.between(restored, clock.instant())).isGreaterThan(Duration.ofSeconds(1));
    // A worker that stays silent for a whole window after the outage is a zombie after all.
    await().atMost(Duration.ofSeconds(20)).until(() -> held(run).state() == TaskState.UP_FOR_RETRY);
  }
}

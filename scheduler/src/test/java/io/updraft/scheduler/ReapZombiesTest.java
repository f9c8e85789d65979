package io.updraft.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.updraft.core.config.DatabaseConfig;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.core.metrics.EndedTry;
import io.updraft.core.metrics.MetricsRecorder;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.TaskState;
import io.updraft.queue.RedisClients;
import io.updraft.queue.RedisRunEvents;
import io.updraft.sql.Database;
import io.updraft.sql.PostgresDagStore;
import io.updraft.sql.PostgresRunStore;
import io.updraft.testing.ManualClock;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import io.updraft.testing.TcpProxy;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({PostgresExtension.class, RedisExtension.class})
class ReapZombiesTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final Clock NOW = Clock.fixed(T0.plusSeconds(120), ZoneOffset.UTC);

  private static final Dag DAG =
      Dag.builder("zombies")
          .task(Task.java("retried", ctx -> 1).retries(2).retryDelay(Duration.ofSeconds(30)))
          .task(Task.java("last_try", ctx -> 1))
          .task(Task.java("alive", ctx -> 1))
          .build();

  private Database database;
  private PostgresRunStore runs;
  private PostgresDagStore dags;
  private RedisRunEvents events;

  @BeforeEach
  void open() {
    var db = PostgresExtension.database();
    database = Database.connect(new DatabaseConfig(db.jdbcUrl(), db.user(), db.password(), 4));
    database.migrate();
    runs = new PostgresRunStore(database, NOW);
    dags = new PostgresDagStore(database);
    events =
        new RedisRunEvents(RedisClients.create(RedisExtension.url()), RedisExtension.namespace());
  }

  @AfterEach
  void close() {
    events.close();
    database.close();
  }

  private TaskInstance task(DagRun run, String taskId) {
    return runs.taskInstances(run.id()).stream()
        .filter(ti -> ti.taskId().equals(taskId))
        .findFirst()
        .orElseThrow();
  }

  /** Queues then runs the task on worker "w1", as if it started at {@code at}. */
  private void running(DagRun run, String taskId, Instant at) {
    TaskInstance ti = task(run, taskId);
    runs.apply(TaskChange.of(ti, TaskState.QUEUED, at));
    runs.apply(
        new TaskChange(ti.id(), 1, TaskState.QUEUED, TaskState.RUNNING, at, false, null, "w1"));
  }

  @Test
  void tasks_whose_heartbeat_went_stale_are_retried_or_failed_and_live_ones_are_left_alone() {
    dags.save(DAG.structure(), T0);
    DagRun run =
        runs.createRun(NewDagRun.manual("zombies", T0, Map.of()), DAG.structure()).orElseThrow();
    running(run, "retried", T0);
    running(run, "last_try", T0);
    running(run, "alive", T0);
    runs.heartbeat("w1", List.of(task(run, "alive").id()), NOW.instant().minusSeconds(5));

    int reaped = new ReapZombies(runs, dags, events, NOW, Duration.ofSeconds(60)).runOnce();

    assertThat(reaped).isEqualTo(2);
    TaskInstance retried = task(run, "retried");
    assertThat(retried.state()).isEqualTo(TaskState.UP_FOR_RETRY);
    assertThat(retried.nextTryAt()).isEqualTo(NOW.instant().plusSeconds(30));
    assertThat(task(run, "last_try").state()).isEqualTo(TaskState.FAILED);
    assertThat(task(run, "alive").state()).isEqualTo(TaskState.RUNNING);
  }

  @Test
  void each_reaped_try_is_reported_ended_for_its_span_from_its_start_to_the_reaping() {
    dags.save(DAG.structure(), T0);
    DagRun run =
        runs.createRun(NewDagRun.manual("zombies", T0, Map.of()), DAG.structure()).orElseThrow();
    running(run, "retried", T0);
    running(run, "last_try", T0.plusSeconds(1));
    running(run, "alive", T0);
    runs.heartbeat("w1", List.of(task(run, "alive").id()), NOW.instant().minusSeconds(5));
    List<EndedTry> ended = new CopyOnWriteArrayList<>();
    MetricsRecorder recorder =
        new MetricsRecorder() {
          @Override
          public void tryEnded(EndedTry e) {
            ended.add(e);
          }
        };

    new ReapZombies(runs, dags, events, NOW, Duration.ofSeconds(60), recorder).runOnce();

    assertThat(ended)
        .extracting(e -> e.ti().taskId(), EndedTry::state, EndedTry::start, EndedTry::end)
        .containsExactlyInAnyOrder(
            tuple("retried", TaskState.UP_FOR_RETRY, T0, NOW.instant()),
            tuple("last_try", TaskState.FAILED, T0.plusSeconds(1), NOW.instant()));
    assertThat(ended)
        .allSatisfy(
            e -> {
              assertThat(e.run().runId()).isEqualTo(run.runId());
              assertThat(e.worker()).isEqualTo("w1");
              assertThat(e.tryNumber()).isEqualTo(1);
            });
  }

  @Test
  void a_heartbeat_from_another_worker_does_not_keep_a_task_alive() {
    dags.save(DAG.structure(), T0);
    DagRun run =
        runs.createRun(NewDagRun.manual("zombies", T0, Map.of()), DAG.structure()).orElseThrow();
    running(run, "retried", T0);

    runs.heartbeat("w2", List.of(task(run, "retried").id()), NOW.instant());

    assertThat(task(run, "retried").heartbeatAt()).isEqualTo(T0);
  }

  @Test
  void after_a_database_outage_no_task_is_reaped_before_its_workers_had_a_whole_window_to_beat()
      throws Exception {
    dags.save(DAG.structure(), T0);
    DagRun run =
        runs.createRun(NewDagRun.manual("zombies", T0, Map.of()), DAG.structure()).orElseThrow();
    running(run, "retried", T0);
    var db = PostgresExtension.database();
    URI direct = URI.create(db.jdbcUrl().substring("jdbc:".length()));
    int port = direct.getPort() == -1 ? 5432 : direct.getPort();
    ManualClock clock = new ManualClock(T0.plusSeconds(120));
    try (TcpProxy proxy = TcpProxy.start(direct.getHost(), port);
        Database cutOff =
            Database.connect(
                new DatabaseConfig(
                    db.jdbcUrl()
                        .replace(direct.getHost() + ":" + port, "127.0.0.1:" + proxy.port()),
                    db.user(),
                    db.password(),
                    2))) {
      ReapZombies reaper =
          new ReapZombies(
              new PostgresRunStore(cutOff, clock), dags, events, clock, Duration.ofSeconds(60));
      proxy.cut();
      assertThatThrownBy(reaper::runOnce).isInstanceOf(RuntimeException.class);
      proxy.restore();

      // Stale for 2 minutes, but the database was away: its worker gets a whole window.
      clock.advance(Duration.ofSeconds(5));
      assertThat(reaper.runOnce()).isZero();
      clock.advance(Duration.ofSeconds(59));
      assertThat(reaper.runOnce()).isZero();
      assertThat(task(run, "retried").state()).isEqualTo(TaskState.RUNNING);

      clock.advance(Duration.ofSeconds(2));
      assertThat(reaper.runOnce()).isEqualTo(1);
      assertThat(task(run, "retried").state()).isEqualTo(TaskState.UP_FOR_RETRY);
    }
  }
}

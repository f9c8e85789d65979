package io.updraft.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.updraft.core.config.SchedulerConfig;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagBag;
import io.updraft.core.dag.DagSource;
import io.updraft.core.dag.Task;
import io.updraft.core.metrics.MetricsRecorder;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.ImportErrorStore;
import io.updraft.core.run.RunType;
import io.updraft.core.state.TaskState;
import io.updraft.queue.RedisRunEvents;
import io.updraft.queue.RedisTaskQueue;
import io.updraft.sql.Database;
import io.updraft.sql.PostgresDagStore;
import io.updraft.sql.PostgresHealth;
import io.updraft.sql.PostgresRunStore;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The scheduler on real PostgreSQL (Quartz's JDBC store) and Redis. */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class ScheduledRunsTest {
  private final Clock clock = Clock.systemUTC();
  private TestBackends backends;
  private Database database;
  private RedisTaskQueue queue;
  private RedisRunEvents events;
  private PostgresRunStore runs;
  private PostgresDagStore dags;
  private SchedulerService scheduler;

  @BeforeEach
  void open() {
    backends = new TestBackends(clock);
    database = backends.database;
    queue = backends.queue;
    events = backends.events;
    runs = backends.runs;
    dags = backends.dags;
  }

  @AfterEach
  void close() {
    if (scheduler != null) {
      scheduler.close();
    }
    backends.close();
  }

  private void start(Dag... dagsToSchedule) throws Exception {
    scheduler =
        new SchedulerService(
            SchedulerSettings.builder(new SchedulerConfig(200, 60)).build(),
            DagSource.of(DagBag.of(dagsToSchedule)),
            dags,
            ImportErrorStore.none(),
            runs,
            queue,
            events,
            database.dataSource(),
            clock,
            MetricsRecorder.NONE);
    scheduler.start();
  }

  @Test
  void
      a_due_schedule_creates_a_scheduled_run_for_the_interval_that_ended_and_queues_its_first_task()
          throws Exception {
    Dag everyMinute =
        Dag.builder("every_minute")
            .schedule("* * * * *")
            .startDate(clock.instant().minus(1, ChronoUnit.DAYS))
            .catchup(false)
            .task(Task.bash("tick", "echo tick"))
            .build();

    start(everyMinute);

    await().atMost(Duration.ofSeconds(20)).until(() -> !runs.listRuns("every_minute", 5).isEmpty());
    DagRun run = runs.listRuns("every_minute", 5).getFirst();
    assertThat(run.runType()).isEqualTo(RunType.SCHEDULED);
    assertThat(Duration.between(run.dataIntervalStart(), run.dataIntervalEnd()))
        .isEqualTo(Duration.ofMinutes(1));
    assertThat(run.logicalDate()).isEqualTo(run.dataIntervalStart());
    assertThat(run.dataIntervalEnd()).isBeforeOrEqualTo(Instant.now());
    assertThat(run.runId()).startsWith("scheduled__");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> runs.taskInstances(run.id()).getFirst().state() == TaskState.QUEUED);
    assertThat(queue.reserve("test", List.of("default"), 10, Duration.ofSeconds(2)))
        .singleElement()
        .satisfies(d -> assertThat(d.message().taskId()).isEqualTo("tick"));
  }

  @Test
  void the_scheduler_registers_its_dags_and_checks_in_as_alive() throws Exception {
    Dag manual = Dag.builder("manual_only").task(Task.bash("t", "true")).build();

    start(manual);

    assertThat(dags.find("manual_only"))
        .hasValueSatisfying(
            d -> assertThat(d.versionHash()).isEqualTo(manual.structure().versionHash()));
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> new PostgresHealth(database).lastSchedulerCheckin().isPresent());
  }

  @Test
  void a_scheduler_without_a_dags_folder_leaves_the_dags_of_jars_active() throws Exception {
    Dag fromJar = Dag.builder("from_a_jar").task(Task.bash("t", "true")).build();
    dags.save(fromJar.structure(), "0123456789abcdef", clock.instant());

    start(Dag.builder("manual_only").task(Task.bash("t", "true")).build());

    assertThat(dags.find("manual_only")).isPresent();
    assertThat(dags.find("from_a_jar"))
        .as("another scheduler loads it from its DAGs folder")
        .hasValueSatisfying(d -> assertThat(d.active()).isTrue());
  }
}

package io.updraft.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.Task;
import io.updraft.core.plan.RunProgress;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.RunType;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.queue.RedisRunEvents;
import io.updraft.queue.RedisTaskQueue;
import io.updraft.sql.Database;
import io.updraft.sql.PostgresDagStore;
import io.updraft.sql.PostgresRunStore;
import io.updraft.testing.ManualClock;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Catch-up, max_active_runs and run timeouts, with a clock that moves only when told. */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class SchedulingDutiesTest {
  private static final Instant JAN_1 = Instant.parse("2026-01-01T00:00:00Z");

  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-05T10:00:00Z"));
  private TestBackends backends;
  private Database database;
  private RedisTaskQueue queue;
  private RedisRunEvents events;
  private PostgresRunStore runs;
  private PostgresDagStore dags;

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
    backends.close();
  }

  private DagStructure register(Dag dag) {
    dags.save(dag.structure(), clock.instant());
    return dag.structure();
  }

  private static Dag.Builder daily(String id, boolean catchup) {
    return Dag.builder(id)
        .schedule("@daily")
        .startDate(JAN_1)
        .catchup(catchup)
        .task(Task.bash("t", "true"));
  }

  private List<Instant> logicalDates(String dagId) {
    return runs.listRuns(dagId, 100).stream().map(DagRun::logicalDate).sorted().toList();
  }

  @Test
  void catch_up_creates_every_missed_interval_once_and_then_one_per_day() {
    DagStructure dag = register(daily("catching_up", true).build());
    CreateScheduledRuns create = new CreateScheduledRuns(runs, events, clock);

    assertThat(create.runOnce(dag)).isEqualTo(4);
    assertThat(create.runOnce(dag)).isZero();
    assertThat(new CreateScheduledRuns(runs, events, clock).runOnce(dag)).isZero();
    assertThat(logicalDates("catching_up"))
        .containsExactly(
            JAN_1,
            Instant.parse("2026-01-02T00:00:00Z"),
            Instant.parse("2026-01-03T00:00:00Z"),
            Instant.parse("2026-01-04T00:00:00Z"));

    clock.advance(Duration.ofHours(13)); // 2026-01-05T23:00: the interval of the 5th has not ended
    assertThat(create.runOnceIfDue(dag)).isZero();
    clock.advance(Duration.ofHours(1));
    assertThat(create.runOnceIfDue(dag)).isEqualTo(1);
    DagRun latest = runs.listRuns("catching_up", 1).getFirst();
    assertThat(latest.dataIntervalStart()).isEqualTo(Instant.parse("2026-01-05T00:00:00Z"));
    assertThat(latest.dataIntervalEnd()).isEqualTo(Instant.parse("2026-01-06T00:00:00Z"));
    assertThat(latest.runType()).isEqualTo(RunType.SCHEDULED);
  }

  @Test
  void without_catch_up_only_the_latest_interval_is_created() {
    DagStructure dag = register(daily("no_catching_up", false).build());

    new CreateScheduledRuns(runs, events, clock).runOnce(dag);

    assertThat(logicalDates("no_catching_up"))
        .containsExactly(Instant.parse("2026-01-04T00:00:00Z"));
  }

  @Test
  void no_more_runs_start_than_max_active_runs_allows() {
    DagStructure dag = register(daily("limited", true).maxActiveRuns(2).build());
    new CreateScheduledRuns(runs, events, clock).runOnce(dag);
    EnqueueReadyTasks enqueue =
        new EnqueueReadyTasks(runs, dags, new RunProgress(runs, queue, clock));

    enqueue.runOnce();
    enqueue.runOnce();

    List<DagRun> all = runs.listRuns("limited", 10);
    assertThat(all).filteredOn(r -> r.state() == RunState.RUNNING).hasSize(2);
    // The oldest intervals start first.
    assertThat(all)
        .filteredOn(r -> r.state() == RunState.RUNNING)
        .extracting(DagRun::logicalDate)
        .containsExactlyInAnyOrder(JAN_1, Instant.parse("2026-01-02T00:00:00Z"));

    runs.setRunState(
        runs.findRun("limited", NewDagRun.runIdFor(RunType.SCHEDULED, JAN_1)).orElseThrow().id(),
        RunState.SUCCESS,
        clock.instant());
    enqueue.runOnce();

    assertThat(runs.listRuns("limited", 10))
        .filteredOn(r -> r.state() == RunState.RUNNING)
        .hasSize(2);
  }

  @Test
  void a_run_past_its_timeout_fails_and_its_unfinished_tasks_are_skipped() {
    Dag dag =
        Dag.builder("slow")
            .runTimeout(Duration.ofMinutes(30))
            .task(Task.bash("first", "true"))
            .task(Task.bash("second", "true").after("first"))
            .build();
    register(dag);
    DagRun run =
        runs.createRun(NewDagRun.manual("slow", clock.instant(), Map.of()), dag.structure())
            .orElseThrow();
    new EnqueueReadyTasks(runs, dags, new RunProgress(runs, queue, clock)).runOnce();
    TimeOutRuns timeOut = new TimeOutRuns(runs, dags, clock);

    clock.advance(Duration.ofMinutes(29));
    assertThat(timeOut.runOnce(runs.activeRuns())).isZero();
    clock.advance(Duration.ofMinutes(2));
    assertThat(timeOut.runOnce(runs.activeRuns())).isEqualTo(1);

    assertThat(runs.findRun(run.id()).orElseThrow().state()).isEqualTo(RunState.FAILED);
    assertThat(runs.taskInstances(run.id()))
        .extracting(ti -> ti.state())
        .containsOnly(TaskState.SKIPPED);
  }
}

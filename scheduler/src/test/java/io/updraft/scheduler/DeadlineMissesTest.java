package io.updraft.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagBag;
import io.updraft.core.dag.DagSource;
import io.updraft.core.dag.Task;
import io.updraft.core.deadline.Deadline;
import io.updraft.core.deadline.DeadlineMiss;
import io.updraft.core.plan.RunProgress;
import io.updraft.core.run.CallbackRequests;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.sql.PostgresCallbackRequests;
import io.updraft.sql.PostgresRunBrowser;
import io.updraft.testing.ManualClock;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Run and task deadlines (Airflow's deadline alerts and SLA misses): recorded once however many
 * schedulers look, the DAG's callback told once, the run going on, on a clock moved by hand.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class DeadlineMissesTest {
  private static final Instant NOW = Instant.parse("2026-01-05T10:00:00Z");

  private final ManualClock clock = new ManualClock(NOW);
  private final List<DeadlineMiss> told = new CopyOnWriteArrayList<>();
  private TestBackends backends;

  @BeforeEach
  void open() {
    backends = new TestBackends(clock);
  }

  @AfterEach
  void close() {
    backends.close();
  }

  private Dag slowDag(String id) {
    return Dag.builder(id)
        .deadline(Deadline.afterRunStart(Duration.ofMinutes(30)))
        .onDeadlineMiss(told::add)
        .task(Task.bash("first", "true"))
        .task(
            Task.bash("second", "true")
                .after("first")
                .deadline(Deadline.afterLogicalDate(Duration.ofMinutes(10))))
        .build();
  }

  private DagRun startedRun(Dag dag) {
    backends.dags.save(dag.structure(), clock.instant());
    DagRun run =
        backends
            .runs
            .createRun(NewDagRun.manual(dag.id(), clock.instant(), Map.of()), dag.structure())
            .orElseThrow();
    new EnqueueReadyTasks(
            backends.runs, backends.dags, new RunProgress(backends.runs, backends.queue, clock))
        .runOnce();
    return backends.runs.findRun(run.id()).orElseThrow();
  }

  private RecordDeadlineMisses duty(Dag dag) {
    return new RecordDeadlineMisses(backends.runs, DagSource.of(DagBag.of(dag)), clock);
  }

  /** A scheduler's callback duty, as a scheduler started afresh has it. */
  private CallCallbacks callbacks(Dag dag, String owner) {
    return new CallCallbacks(
            new PostgresCallbackRequests(backends.database.dataSource()), clock, owner)
        .handling(
            CallbackRequests.DEADLINE_MISS,
            new CallDeadlineMissCallbacks(
                backends.runs, DagSource.of(DagBag.of(dag)), CallbackConnections.NONE));
  }

  @Test
  void a_late_task_and_then_a_late_run_are_recorded_once_each_and_the_callback_told_once()
      throws Exception {
    Dag dag = slowDag("late");
    DagRun run = startedRun(dag);
    assertThat(run.state()).isEqualTo(RunState.RUNNING);
    RecordDeadlineMisses one = duty(dag);
    RecordDeadlineMisses other = duty(dag);

    clock.advance(Duration.ofMinutes(9));
    assertThat(one.runOnce(backends.runs.activeRuns())).isEmpty();
    clock.advance(Duration.ofMinutes(2));
    List<DeadlineMiss> taskMisses = one.runOnce(backends.runs.activeRuns());
    clock.advance(Duration.ofMinutes(20));
    List<DeadlineMiss> fromOther = other.runOnce(backends.runs.activeRuns());
    List<DeadlineMiss> again = one.runOnce(backends.runs.activeRuns());
    assertThat(callbacks(dag, "scheduler-1").runOnce()).isEqualTo(2);
    assertThat(callbacks(dag, "scheduler-2").runOnce()).isZero();

    assertThat(taskMisses)
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.taskId()).isEqualTo("second");
              assertThat(m.deadline()).isEqualTo(run.logicalDate().plus(Duration.ofMinutes(10)));
            });
    // The other scheduler finds the task's miss recorded, and records the run's, which is new.
    assertThat(fromOther).singleElement().satisfies(m -> assertThat(m.taskId()).isNull());
    assertThat(again).isEmpty();
    assertThat(told)
        .extracting(DeadlineMiss::describe)
        .containsExactlyInAnyOrder(
            "task second of run " + run.runId() + " of late", "run " + run.runId() + " of late");
    // The run goes on.
    assertThat(backends.runs.findRun(run.id()).orElseThrow().state()).isEqualTo(RunState.RUNNING);
    assertThat(new PostgresRunBrowser(backends.database).deadlineMisses("late", null, 10, 0))
        .extracting(DeadlineMiss::taskId)
        .containsExactly(null, "second");
  }

  @Test
  void a_task_done_in_time_and_a_callback_that_throws_change_nothing_else() throws Exception {
    Dag dag =
        Dag.builder("on_time")
            .deadline(Deadline.afterRunStart(Duration.ofMinutes(5)))
            .onDeadlineMiss(
                miss -> {
                  throw new IllegalStateException("the pager is down");
                })
            .task(Task.bash("only", "true").deadline(Deadline.afterRunStart(Duration.ofMinutes(5))))
            .build();
    DagRun run = startedRun(dag);
    TaskInstance only = backends.runs.taskInstances(run.id()).getFirst();
    assertThat(only.state()).isEqualTo(TaskState.QUEUED);
    backends.runs.applyAll(List.of(TaskChange.claim(only.id(), 1, "w1", clock.instant())));
    TaskInstance running = backends.runs.taskInstances(run.id()).getFirst();
    assertThat(running.state()).isEqualTo(TaskState.RUNNING);
    backends.runs.applyAll(List.of(TaskChange.of(running, TaskState.SUCCESS, clock.instant())));
    RecordDeadlineMisses duty = duty(dag);

    clock.advance(Duration.ofMinutes(6));
    List<DeadlineMiss> misses = duty.runOnce(backends.runs.activeRuns());
    assertThat(callbacks(dag, "scheduler-1").runOnce()).isEqualTo(1);

    assertThat(misses).extracting(DeadlineMiss::taskId).containsExactly((String) null);
    assertThat(requestErrors()).singleElement().asString().contains("the pager is down");
    assertThat(backends.runs.findRun(run.id()).orElseThrow().state()).isEqualTo(RunState.RUNNING);
  }

  @Test
  void a_miss_recorded_by_a_scheduler_that_died_before_its_callback_is_told_once_by_the_next()
      throws Exception {
    Dag dag = slowDag("died_after_recording");
    startedRun(dag);
    clock.advance(Duration.ofMinutes(31));
    // The scheduler that records the misses dies before its callback duty runs.
    assertThat(duty(dag).runOnce(backends.runs.activeRuns())).hasSize(2);
    assertThat(told).isEmpty();

    CallCallbacks restarted = callbacks(dag, "scheduler-restarted");
    assertThat(restarted.runOnce()).isEqualTo(2);
    assertThat(restarted.runOnce()).isZero();
    assertThat(callbacks(dag, "scheduler-other").runOnce()).isZero();

    assertThat(told).extracting(DeadlineMiss::taskId).containsExactlyInAnyOrder(null, "second");
    assertThat(requestErrors()).isEmpty();
  }

  @Test
  void a_miss_whose_scheduler_died_while_calling_back_is_told_again_once_its_claim_is_stale() {
    Dag dag = slowDag("died_while_calling");
    startedRun(dag);
    clock.advance(Duration.ofMinutes(11));
    assertThat(duty(dag).runOnce(backends.runs.activeRuns())).hasSize(1);
    PostgresCallbackRequests requests =
        new PostgresCallbackRequests(backends.database.dataSource());
    // A scheduler claims the request and dies before the callback returns.
    assertThat(
            requests.claim(
                Set.of(CallbackRequests.DEADLINE_MISS),
                "scheduler-dead",
                10,
                clock.instant(),
                CallCallbacks.STALE_AFTER,
                CallCallbacks.MAX_ATTEMPTS))
        .hasSize(1);

    assertThat(callbacks(dag, "scheduler-next").runOnce()).isZero();
    clock.advance(CallCallbacks.STALE_AFTER.plusSeconds(1));
    assertThat(callbacks(dag, "scheduler-next").runOnce()).isEqualTo(1);
    assertThat(callbacks(dag, "scheduler-next").runOnce()).isZero();

    assertThat(told).extracting(DeadlineMiss::taskId).containsExactly("second");
  }

  private List<String> requestErrors() throws Exception {
    List<String> errors = new ArrayList<>();
    try (Connection c = backends.database.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select error from callback_request order by id")) {
      while (rs.next()) {
        errors.add(rs.getString(1));
      }
    }
    return errors;
  }
}

package io.updraft.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.Task;
import io.updraft.core.plan.RunProgress;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.testing.ManualClock;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An event about a run whose task counts by state have not changed since its last plan makes no
 * plan; one about a run whose counts changed does, and the sweep plans every run whatever its
 * counts.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class EventPlanSkipTest {
  private static final Instant JAN_1 = Instant.parse("2026-01-01T00:00:00Z");

  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-05T10:00:00Z"));
  private TestBackends backends;
  private EnqueueReadyTasks enqueue;
  private DagRun run;

  @BeforeEach
  void open() {
    backends = new TestBackends(clock);
    enqueue =
        new EnqueueReadyTasks(
            backends.runs, backends.dags, new RunProgress(backends.runs, backends.queue, clock));
    // extract, then load after it.
    DagStructure dag =
        Dag.builder("skips")
            .task(Task.java("extract", ctx -> null))
            .task(Task.java("load", ctx -> null).after("extract"))
            .build()
            .structure();
    backends.dags.save(dag, clock.instant());
    run =
        backends
            .runs
            .createRun(NewDagRun.scheduled(dag.dagId(), JAN_1, JAN_1.plus(Duration.ofDays(1))), dag)
            .orElseThrow();
    // The run starts (extract queued), then is planned once more as running.
    enqueue.runOnce(List.of(run.id()));
    assertThat(backends.runs.findRun(run.id()).orElseThrow().state()).isEqualTo(RunState.RUNNING);
    enqueue.runOnce(List.of(run.id()));
    assertThat(state("extract")).isEqualTo(TaskState.QUEUED);
    assertThat(state("load")).isEqualTo(TaskState.NONE);
  }

  @AfterEach
  void close() {
    backends.close();
  }

  @Test
  void a_run_whose_counts_did_not_change_is_not_planned_again_on_an_event() {
    // One queued, one in state none, as before, but the other way round: a plan would queue
    // extract, which has no upstream task. Counts cannot tell, so the event does not plan.
    swapStates();

    assertThat(enqueue.runOnce(List.of(run.id()))).isZero();
    assertThat(state("extract")).isEqualTo(TaskState.NONE);
  }

  @Test
  void a_run_whose_counts_changed_is_planned_on_an_event() {
    succeed("extract");

    assertThat(enqueue.runOnce(List.of(run.id()))).isEqualTo(1);
    assertThat(state("load")).isEqualTo(TaskState.QUEUED);
  }

  @Test
  void the_sweep_plans_a_run_whatever_its_counts() {
    swapStates();

    enqueue.runOnce();

    assertThat(state("extract")).isEqualTo(TaskState.QUEUED);
  }

  @Test
  void a_skipped_run_is_planned_on_the_next_event_after_its_counts_changed() {
    swapStates();
    enqueue.runOnce(List.of(run.id()));

    // load, queued by the swap, runs and succeeds: the counts change, and the plan sees extract.
    succeed("load");
    enqueue.runOnce(List.of(run.id()));

    assertThat(state("extract")).isEqualTo(TaskState.QUEUED);
  }

  @Test
  void a_run_of_a_paused_dag_is_not_planned_on_an_event_until_its_dag_is_unpaused() {
    swapStates();
    succeed("load");
    backends.dags.setPaused("skips", true);

    assertThat(enqueue.runOnce(List.of(run.id()))).isZero();
    assertThat(state("extract")).isEqualTo(TaskState.NONE);

    backends.dags.setPaused("skips", false);
    enqueue.runOnce(List.of(run.id()));
    assertThat(state("extract")).isEqualTo(TaskState.QUEUED);
  }

  private void swapStates() {
    backends
        .database
        .dsl()
        .execute(
            "update task_instance set state = case task_id when 'extract' then 'none' else"
                + " 'queued' end where dag_run_id = ?",
            run.id());
  }

  private void succeed(String taskId) {
    TaskInstance ti = instance(taskId);
    backends.runs.applyAll(
        List.of(
            TaskChange.claim(ti.id(), ti.tryNumber(), "w", clock.instant()),
            TaskChange.outcome(ti.id(), ti.tryNumber(), TaskState.SUCCESS, clock.instant(), null)));
  }

  private TaskState state(String taskId) {
    return instance(taskId).state();
  }

  private TaskInstance instance(String taskId) {
    return backends.runs.taskInstances(run.id()).stream()
        .filter(ti -> ti.taskId().equals(taskId))
        .findFirst()
        .orElseThrow();
  }
}

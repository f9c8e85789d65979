package io.updraft.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.Task;
import io.updraft.core.plan.AdvanceRun;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.queue.RedisTaskQueue;
import io.updraft.sql.Database;
import io.updraft.sql.PostgresDagStore;
import io.updraft.sql.PostgresRunStore;
import io.updraft.testing.ManualClock;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A run of more than a hundred tasks is counted by state before it is read: with nothing in state
 * none or up for retry, planning it would change nothing, and only its end is decided.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class LargeRunPlanningTest {
  private static final int TASKS = 120;

  private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
  private TestBackends backends;
  private Database database;
  private RedisTaskQueue queue;
  private PostgresRunStore runs;
  private AdvanceRun advance;

  @BeforeEach
  void open() {
    backends = new TestBackends(clock);
    database = backends.database;
    queue = backends.queue;
    runs = backends.runs;
    advance = new AdvanceRun(runs, queue, clock);
  }

  @AfterEach
  void close() {
    backends.close();
  }

  /** {@code TASKS} independent tasks, and one more after the first when {@code withJoin}. */
  private DagStructure register(String dagId, boolean withJoin) {
    Dag.Builder dag = Dag.builder(dagId).maxActiveTasks(TASKS + 1);
    for (int i = 0; i < TASKS; i++) {
      dag.task(Task.bash("t" + i, "true"));
    }
    if (withJoin) {
      dag.task(Task.bash("after_t0", "true").after("t0"));
    }
    DagStructure structure = dag.build().structure();
    new PostgresDagStore(database).save(structure, clock.instant());
    return structure;
  }

  private DagRun started(DagStructure dag) {
    DagRun run =
        runs.createRun(NewDagRun.manual(dag.dagId(), clock.instant(), Map.of()), dag).orElseThrow();
    assertThat(advance.advance(run, dag)).isEqualTo(TASKS);
    return runs.findRun(run.id()).orElseThrow();
  }

  private void finish(DagRun run, String taskId, TaskState outcome) {
    finishAll(run, t -> t.equals(taskId), outcome);
  }

  /** Runs and ends every queued task that {@code which} names: the first with {@code first}. */
  private void finishAll(DagRun run, Predicate<String> which, TaskState first) {
    List<TaskChange> claims = new ArrayList<>();
    List<TaskChange> outcomes = new ArrayList<>();
    for (TaskInstance ti : runs.taskInstances(run.id())) {
      if (ti.state() != TaskState.QUEUED || !which.test(ti.taskId())) {
        continue;
      }
      Instant at = clock.instant();
      claims.add(
          new TaskChange(ti.id(), 1, TaskState.QUEUED, TaskState.RUNNING, at, false, null, "w"));
      TaskState outcome = outcomes.isEmpty() ? first : TaskState.SUCCESS;
      outcomes.add(new TaskChange(ti.id(), 1, TaskState.RUNNING, outcome, at, false, null, null));
    }
    assertThat(runs.applyAll(claims)).hasSameSizeAs(claims);
    assertThat(runs.applyAll(outcomes)).hasSameSizeAs(outcomes);
  }

  @Test
  void a_run_whose_tasks_are_all_queued_or_running_is_left_alone_and_ends_when_they_succeed() {
    DagRun run = started(register("large_success", false));

    assertThat(advance.advance(run, register("large_success", false))).isZero();
    assertThat(runs.findRun(run.id()).orElseThrow().state()).isEqualTo(RunState.RUNNING);

    finishAll(run, t -> true, TaskState.SUCCESS);
    assertThat(advance.advance(run, register("large_success", false))).isZero();
    assertThat(runs.findRun(run.id()).orElseThrow().state()).isEqualTo(RunState.SUCCESS);
  }

  @Test
  void one_failed_task_fails_the_run_once_all_have_ended() {
    DagStructure dag = register("large_failed", false);
    DagRun run = started(dag);

    finishAll(run, t -> true, TaskState.FAILED);
    advance.advance(run, dag);

    assertThat(runs.findRun(run.id()).orElseThrow().state()).isEqualTo(RunState.FAILED);
  }

  @Test
  void a_task_still_in_state_none_gets_the_whole_run_planned() {
    DagStructure dag = register("large_join", true);
    DagRun run = started(dag);

    finish(run, "t0", TaskState.SUCCESS);

    assertThat(advance.advance(run, dag)).isEqualTo(1);
    assertThat(
            runs.taskInstances(run.id()).stream()
                .filter(t -> t.taskId().equals("after_t0"))
                .findFirst()
                .orElseThrow()
                .state())
        .isEqualTo(TaskState.QUEUED);
  }
}

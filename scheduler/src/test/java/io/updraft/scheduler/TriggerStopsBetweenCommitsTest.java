package io.updraft.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.dag.CompiledDag;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.Task;
import io.updraft.core.dag.TriggerRule;
import io.updraft.core.plan.FinishedTry;
import io.updraft.core.plan.RunItself;
import io.updraft.core.plan.RunProgress;
import io.updraft.core.queue.Delivery;
import io.updraft.core.queue.TaskMessage;
import io.updraft.core.run.CreatedRun;
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
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A triggering process that stops after its first commit (the run started with its root task
 * queued, the message pushed) and before its second (the other task instances): the run still
 * completes with every task, whichever plan of it comes next.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class TriggerStopsBetweenCommitsTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T09:00:00Z"));
  private TestBackends b;
  private RunProgress progress;
  private EnqueueReadyTasks sweep;

  @BeforeEach
  void open() {
    b = new TestBackends(clock);
    progress = new RunProgress(b.runs, b.queue, clock);
    sweep = new EnqueueReadyTasks(b.runs, b.dags, progress);
  }

  @AfterEach
  void close() {
    b.close();
  }

  private static DagStructure chain(String dagId, int tasks) {
    Dag.Builder builder = Dag.builder(dagId);
    String[] ids = new String[tasks];
    for (int i = 0; i < tasks; i++) {
      ids[i] = String.format(Locale.ROOT, "t%03d", i);
      builder.task(Task.bash(ids[i], "true"));
    }
    return builder.chain(ids).build().structure();
  }

  /** The trigger's first commit and push, through the real code, and nothing after. */
  private DagRun firstCommitOnly(DagStructure dag) {
    b.dags.save(dag, clock.instant());
    CreatedRun created =
        b.runs
            .createAndStartRun(
                NewDagRun.manual(dag.dagId(), clock.instant(), Map.of()),
                dag,
                dag.maxActiveRuns(),
                dag.maxActiveTasks(),
                CompiledDag.of(dag).roots())
            .orElseThrow();
    b.queue.push(created.started().orElseThrow().queued().stream().map(TaskMessage::of).toList());
    assertThat(b.runs.taskInstances(created.run().id())).hasSize(1);
    return created.run();
  }

  /** Runs every task pushed, as a worker does, until none is left; returns how many ran. */
  private int work(DagStructure dag) {
    int ran = 0;
    List<Delivery> batch;
    while (!(batch = b.queue.reserve("test-worker", List.of("default"), 10, Duration.ofMillis(50)))
        .isEmpty()) {
      for (Delivery d : batch) {
        clock.advance(Duration.ofSeconds(1));
        TaskMessage m = d.message();
        for (TaskInstance ti :
            b.runs.claim(
                List.of(
                    TaskChange.claim(
                        m.taskInstanceId(), m.tryNumber(), "test-worker", clock.instant())))) {
          DagRun run = b.runs.findRun(ti.dagRunId()).orElseThrow();
          TaskChange success =
              TaskChange.outcome(ti.id(), ti.tryNumber(), TaskState.SUCCESS, clock.instant(), null);
          progress.record(
              FinishedTry.withoutSkips(success, run, dag, ti.taskId(), List.of()),
              RunItself.NOBODY);
          ran++;
        }
        b.queue.ack(d);
      }
    }
    return ran;
  }

  private void assertEveryTaskSucceeded(DagRun run, DagStructure dag) {
    assertThat(b.runs.findRun(run.id()).orElseThrow().state()).isEqualTo(RunState.SUCCESS);
    assertThat(b.runs.taskInstances(run.id()))
        .hasSize(dag.tasks().size())
        .extracting(TaskInstance::state)
        .containsOnly(TaskState.SUCCESS);
  }

  @Test
  void a_chain_whose_root_ended_before_the_other_rows_existed_is_completed_by_the_sweep() {
    DagStructure dag = chain("stopped_small", 3);
    DagRun run = firstCommitOnly(dag);

    assertThat(work(dag)).isEqualTo(1);
    // The root handed over to nothing, and the run did not end with it.
    assertThat(b.runs.findRun(run.id()).orElseThrow().state()).isEqualTo(RunState.RUNNING);

    sweep.runOnce();
    assertThat(work(dag)).isEqualTo(2);

    assertEveryTaskSucceeded(run, dag);
  }

  @Test
  void a_run_too_large_to_read_on_every_sweep_is_completed_too() {
    // Above the size at which a plan first counts the run's rows by state.
    DagStructure dag = chain("stopped_large", 150);
    DagRun run = firstCommitOnly(dag);
    assertThat(work(dag)).isEqualTo(1);

    sweep.runOnce();
    assertThat(work(dag)).isEqualTo(149);

    assertEveryTaskSucceeded(run, dag);
  }

  @Test
  void a_root_whose_outcome_the_planner_records_completes_the_run_without_the_sweep() {
    DagStructure dag =
        Dag.builder("stopped_planner_path")
            .task(Task.bash("extract", "true"))
            .task(Task.bash("report", "true").after("extract").triggerRule(TriggerRule.ALL_DONE))
            .build()
            .structure();
    DagRun run = firstCommitOnly(dag);

    assertThat(work(dag)).isEqualTo(2);

    assertEveryTaskSucceeded(run, dag);
  }

  @Test
  void the_second_commit_before_the_root_ended_asks_for_no_plan() {
    DagStructure dag = chain("second_commit_on_time", 3);
    DagRun run = firstCommitOnly(dag);

    assertThat(b.runs.addMissingTaskInstances(run, dag)).isFalse();

    assertThat(b.runs.taskInstances(run.id()))
        .extracting(TaskInstance::state)
        .containsExactly(TaskState.QUEUED, TaskState.NONE, TaskState.NONE);
  }

  @Test
  void the_second_commit_after_a_root_ended_says_so_and_adds_the_rows_once() {
    DagStructure dag = chain("second_commit_late", 3);
    DagRun run = firstCommitOnly(dag);
    work(dag);

    assertThat(b.runs.addMissingTaskInstances(run, dag)).isTrue();
    assertThat(b.runs.addMissingTaskInstances(run, dag)).isTrue();

    assertThat(b.runs.taskInstances(run.id()))
        .extracting(TaskInstance::taskId)
        .containsExactly("t000", "t001", "t002");
  }
}

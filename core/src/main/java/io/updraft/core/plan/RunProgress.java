package io.updraft.core.plan;

import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.TaskMapping;
import io.updraft.core.metrics.MetricsRecorder;
import io.updraft.core.queue.TaskQueue;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.HandedOver;
import io.updraft.core.run.OutletEvent;
import io.updraft.core.run.RunStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The one way a run moves, for the scheduler and the workers alike: {@link #start} a queued run,
 * {@link #record} a try that ended, {@link #plan} a run. Each verb picks its path here: a run's
 * start and a success whose downstream tasks have the all_success rule take one statement in the
 * database ({@link RunStarts}, {@link HandOverPath}); everything else takes the planner ({@link
 * AdvanceRun}). {@code PathsAgreeTest} checks that both paths end a run in the same states.
 */
public final class RunProgress {
  private final RunStarts starts;
  private final HandOverPath handOver;
  private final AdvanceRun planner;

  public RunProgress(RunStore runs, TaskQueue queue, Clock clock) {
    this(runs, queue, clock, MetricsRecorder.NONE);
  }

  /** Reports the tasks each verb ends or queues to {@code metrics}. */
  public RunProgress(RunStore runs, TaskQueue queue, Clock clock, MetricsRecorder metrics) {
    this(runs, queue, clock, metrics, TaskMapping.DEFAULT_MAX_LENGTH);
  }

  /** ...and expands a mapped task into at most {@code maxMapLength} instances. */
  public RunProgress(
      RunStore runs, TaskQueue queue, Clock clock, MetricsRecorder metrics, int maxMapLength) {
    this.starts = new RunStarts(runs, queue);
    this.handOver = new HandOverPath(runs, queue, metrics);
    this.planner = new AdvanceRun(runs, queue, clock, metrics, starts, maxMapLength);
  }

  /**
   * Starts queued runs, each within its DAG's max_active_runs, and queues their root tasks in the
   * same commit. Returns what became of the tasks of each run that started.
   */
  public Map<Long, HandedOver> start(List<AdvanceRun.Planning> queuedRuns) {
    return starts.start(queuedRuns, planner.now());
  }

  /**
   * Records a try that ended and, in the same commit, queues what it made ready; one of those may
   * go to {@code itself}, claimed in that commit. The hand-over path when it applies to the task,
   * else the planner's.
   */
  public Recorded record(FinishedTry finished, RunItself itself) {
    return record(finished, itself, List.of());
  }

  /**
   * ...and writes {@code outletEvents}, the asset events of a success with outlets, in the commit
   * that records it. Such a success takes the planner's path: the hand-over's one statement stays
   * as it is for the tasks without outlets.
   */
  public Recorded record(FinishedTry finished, RunItself itself, List<OutletEvent> outletEvents) {
    if (!outletEvents.isEmpty()) {
      return planner.record(
          finished.outcome(),
          finished.run(),
          finished.dag(),
          finished.skipsFor(),
          itself,
          finished.logs(),
          outletEvents);
    }
    return handOver
        .record(
            finished.outcome(),
            finished.run(),
            finished.dag(),
            finished.taskId(),
            itself,
            finished.logs())
        .orElseGet(
            () ->
                planner.record(
                    finished.outcome(),
                    finished.run(),
                    finished.dag(),
                    finished.skipsFor(),
                    itself,
                    finished.logs()));
  }

  /**
   * Plans runs and applies all their changes in one transaction (a queued run is started first).
   * Returns the number of task instances queued.
   */
  public int plan(List<AdvanceRun.Planning> toPlan) {
    return planner.advanceAll(toPlan);
  }

  /** Plans one run; returns the number of task instances queued. */
  public int plan(DagRun run, DagStructure dag) {
    return planner.advance(run, dag);
  }
}

package io.updraft.core.plan;

import io.updraft.core.dag.DagStructure;
import io.updraft.core.metrics.MetricsRecorder;
import io.updraft.core.queue.TaskMessage;
import io.updraft.core.queue.TaskQueue;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.RunStore;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Plans one run and carries the plan out: applies the task changes (fenced, so two planners racing
 * on one run queue each task once), pushes the tasks that were queued, and closes the run when
 * every task is done. Messages go out only after the changes committed, so a worker never sees a
 * message before its row says queued.
 */
public final class AdvanceRun {
  private final RunStore runs;
  private final TaskQueue queue;
  private final Clock clock;
  private final PlanMetrics metrics;

  public AdvanceRun(RunStore runs, TaskQueue queue, Clock clock) {
    this(runs, queue, clock, MetricsRecorder.NONE);
  }

  /** Reports the tasks each plan ends or queues to {@code metrics}. */
  public AdvanceRun(RunStore runs, TaskQueue queue, Clock clock, MetricsRecorder metrics) {
    this.runs = runs;
    this.queue = queue;
    this.clock = clock;
    this.metrics = new PlanMetrics(metrics);
  }

  /** Returns the number of task instances queued. */
  public int advance(DagRun run, DagStructure dag) {
    if (run.state().isTerminal()) {
      return 0;
    }
    if (run.state() == RunState.QUEUED) {
      // A run starts only within the DAG's max_active_runs; otherwise it waits, still queued.
      if (!runs.startRun(run, dag.maxActiveRuns(), clock.instant())) {
        return 0;
      }
      run = runs.findRun(run.id()).orElse(run);
    }
    List<TaskInstance> instances = runs.taskInstances(run.id());
    RunPlan plan = RunPlanner.plan(dag, instances, clock.instant());
    List<TaskChange> applied = runs.applyAll(plan.changes());
    metrics.applied(dag, instances, applied, null);
    return carryOut(run, instances, plan, applied);
  }

  /**
   * Records one task's outcome and, in the same transaction, what it causes: the skips {@code
   * skipsFor} returns (a branch's), then the plan of the run as it stands after both, so the tasks
   * made ready are queued in the commit that recorded the outcome (Airflow's mini scheduler, in one
   * transaction). Returns false, changing nothing, when the outcome's fence did not match.
   */
  public boolean record(
      TaskChange outcome,
      DagRun run,
      DagStructure dag,
      Function<List<TaskInstance>, List<TaskChange>> skipsFor) {
    Instant now = clock.instant();
    List<TaskInstance> instances = overlay(runs.taskInstances(run.id()), List.of(outcome));
    List<TaskChange> skips = skipsFor.apply(instances);
    instances = overlay(instances, skips);
    RunPlan plan = RunPlanner.plan(dag, instances, now);
    List<TaskChange> followUps = new ArrayList<>(skips);
    followUps.addAll(plan.changes());
    Optional<List<TaskChange>> applied = runs.applyAfter(outcome, followUps);
    if (applied.isEmpty()) {
      return false;
    }
    metrics.applied(dag, instances, applied.get(), outcome);
    carryOut(run, instances, new RunPlan(followUps, plan.finalState()), applied.get());
    if (plan.finalState().isEmpty() && othersInFlight(instances, outcome)) {
      // Another task of this run may have ended at the same moment, in a transaction our read
      // could not see: each of us plans once more after committing, and the later of the two
      // plans sees both outcomes (a join downstream of both, or the run's end).
      advance(runs.findRun(run.id()).orElse(run), dag);
    }
    return true;
  }

  private static boolean othersInFlight(List<TaskInstance> instances, TaskChange outcome) {
    return instances.stream()
        .anyMatch(
            ti ->
                ti.id() != outcome.taskInstanceId()
                    && (ti.state() == TaskState.RUNNING || ti.state() == TaskState.QUEUED));
  }

  private int carryOut(
      DagRun run, List<TaskInstance> instances, RunPlan plan, List<TaskChange> applied) {
    Map<Long, TaskInstance> byId =
        instances.stream().collect(Collectors.toMap(TaskInstance::id, Function.identity()));
    List<TaskMessage> messages = new ArrayList<>();
    for (TaskChange change : applied) {
      if (change.to() == TaskState.QUEUED) {
        TaskInstance ti = byId.get(change.taskInstanceId());
        messages.add(
            new TaskMessage(
                ti.id(),
                change.resultingTryNumber(),
                ti.dagId(),
                ti.runId(),
                ti.taskId(),
                ti.queue()));
      }
    }
    if (run.state() == RunState.QUEUED) {
      runs.setRunState(run.id(), RunState.RUNNING, clock.instant());
    }
    if (!messages.isEmpty()) {
      queue.push(messages);
    }
    if (applied.size() == plan.changes().size()) {
      plan.finalState().ifPresent(state -> runs.setRunState(run.id(), state, clock.instant()));
    }
    return messages.size();
  }

  private static List<TaskInstance> overlay(
      List<TaskInstance> instances, List<TaskChange> changes) {
    if (changes.isEmpty()) {
      return instances;
    }
    Map<Long, TaskChange> byId =
        changes.stream().collect(Collectors.toMap(TaskChange::taskInstanceId, c -> c, (a, b) -> b));
    return instances.stream()
        .map(ti -> byId.containsKey(ti.id()) ? ti.after(byId.get(ti.id())) : ti)
        .toList();
  }
}

package io.updraft.core.plan;

import io.updraft.core.dag.CompiledDag;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.TaskMapping;
import io.updraft.core.metrics.MetricsRecorder;
import io.updraft.core.queue.TaskMessage;
import io.updraft.core.queue.TaskQueue;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.HandedOver;
import io.updraft.core.run.LogLines;
import io.updraft.core.run.OutletEvent;
import io.updraft.core.run.RunStore;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
  private final RunStarts starts;
  private final MapExpansion expansion;

  public AdvanceRun(RunStore runs, TaskQueue queue, Clock clock) {
    this(
        runs,
        queue,
        clock,
        MetricsRecorder.NONE,
        new RunStarts(runs, queue),
        TaskMapping.DEFAULT_MAX_LENGTH);
  }

  /**
   * Reports the tasks each plan ends or queues to {@code metrics}; a mapped task expands into at
   * most {@code maxMapLength} instances.
   */
  AdvanceRun(
      RunStore runs,
      TaskQueue queue,
      Clock clock,
      MetricsRecorder metrics,
      RunStarts starts,
      int maxMapLength) {
    this.runs = runs;
    this.queue = queue;
    this.clock = clock;
    this.metrics = new PlanMetrics(metrics);
    this.starts = starts;
    this.expansion = new MapExpansion(runs, maxMapLength);
  }

  Instant now() {
    return clock.instant();
  }

  /** Returns the number of task instances queued. */
  public int advance(DagRun run, DagStructure dag) {
    return advanceAll(List.of(new Planning(run, dag)));
  }

  /**
   * A run to plan and the structure it was made from.
   *
   * @param counts the run's task counts by state when the caller read them just before, to save
   *     reading them again; null when it did not
   */
  public record Planning(DagRun run, DagStructure dag, Map<TaskState, Integer> counts) {
    public Planning(DagRun run, DagStructure dag) {
      this(run, dag, null);
    }
  }

  /**
   * Plans several runs and applies all their changes in one transaction: one admission and the
   * pools locked once, where a transaction per run would wait in turn for the same pool locks. For
   * a worker's batch, whose tasks belong to many runs. A run still queued is started on its own.
   * Returns the number of task instances queued.
   */
  public int advanceAll(List<Planning> toPlan) {
    int queued = 0;
    List<Planning> toStart = new ArrayList<>();
    List<Planning> running = new ArrayList<>();
    for (Planning p : toPlan) {
      if (p.run().state() == RunState.QUEUED) {
        toStart.add(p);
      } else if (p.run().state() == RunState.RUNNING
          && (p.dag().tasks().size() <= LARGE_RUN_TASKS || !nothingToPlan(p))) {
        running.add(p);
      }
    }
    // A run starts only within its DAG's max_active_runs, else it waits, still queued. Its root
    // tasks are queued in the commit that starts it.
    Map<Long, HandedOver> started =
        toStart.isEmpty() ? Map.of() : starts.start(toStart, clock.instant());
    for (Planning p : toStart) {
      HandedOver h = started.get(p.run().id());
      if (h == null) {
        continue;
      }
      queued += h.queued().size();
      if (h.waiting() > 0
          || p.dag().tasks().isEmpty()
          || CompiledDag.of(p.dag()).hasPlannedRoots()) {
        // Roots not in state none (a run cleared and queued again), mapped roots (expanded by the
        // planner) or roots that depend on the past, or no task at all: the planner decides what
        // comes next, or ends the run.
        runs.findRun(p.run().id()).ifPresent(run -> running.add(new Planning(run, p.dag())));
      }
    }
    if (running.isEmpty()) {
      return queued;
    }
    Map<Long, List<TaskInstance>> instances =
        runs.taskInstancesOfRuns(running.stream().map(p -> p.run().id()).toList());
    for (Planning p : running) {
      List<TaskInstance> read = instances.getOrDefault(p.run().id(), List.of());
      instances.put(p.run().id(), MissingTaskInstances.completed(runs, p.run(), p.dag(), read));
    }
    Instant now = clock.instant();
    List<RunPlan> plans = new ArrayList<>();
    List<TaskChange> changes = new ArrayList<>();
    for (Planning p : running) {
      RunPlan plan =
          RunPlanner.plan(
              p.dag(),
              instances.getOrDefault(p.run().id(), List.of()),
              previousRunOf(p.run(), p.dag()),
              now);
      plans.add(plan);
      changes.addAll(plan.changes());
    }
    Set<TaskChange> applied = new HashSet<>(runs.applyAll(changes));
    for (int i = 0; i < running.size(); i++) {
      Planning p = running.get(i);
      List<TaskInstance> mine = instances.getOrDefault(p.run().id(), List.of());
      RunPlan plan = plans.get(i);
      List<TaskChange> appliedHere = plan.changes().stream().filter(applied::contains).toList();
      metrics.applied(p.dag(), mine, appliedHere, null);
      queued += carryOut(p.run(), mine, plan, appliedHere, null);
    }
    // Mapped tasks found ready: expanded, then their runs planned again, which queues the new
    // instances. Each instance expands once, so this ends.
    List<Planning> expanded = new ArrayList<>();
    for (int i = 0; i < running.size(); i++) {
      Planning p = running.get(i);
      if (!plans.get(i).toExpand().isEmpty()
          && expansion.expand(p.run(), p.dag(), plans.get(i).toExpand(), now)) {
        expanded.add(p);
      }
    }
    if (!expanded.isEmpty()) {
      queued += advanceAll(expanded);
    }
    return queued;
  }

  /** Runs of more tasks than this are counted by state before they are read and planned. */
  static final int LARGE_RUN_TASKS = 100;

  /**
   * Whether planning the run would change nothing, told from its counts by state, and if it has
   * ended, ends it. The planner changes only tasks in state none (their trigger rule) and those up
   * for retry or reschedule: without any, the others go on by themselves. A run of thousands of
   * tasks gets an event per finished batch, and reading all its rows for each would cost more than
   * the tasks.
   */
  private boolean nothingToPlan(Planning p) {
    DagRun run = p.run();
    DagStructure dag = p.dag();
    Map<TaskState, Integer> counts = p.counts() != null ? p.counts() : runs.stateCounts(run.id());
    int rows = counts.values().stream().mapToInt(Integer::intValue).sum();
    if (MissingTaskInstances.lacks(run, dag, rows)
        || counts.containsKey(TaskState.NONE)
        || counts.containsKey(TaskState.UP_FOR_RETRY)
        || counts.containsKey(TaskState.UP_FOR_RESCHEDULE)) {
      return false;
    }
    // Counts cannot tell a teardown's failure from the work's: the planner, reading every task,
    // can.
    if (CompiledDag.of(dag).hasTeardowns()
        && counts.keySet().stream().allMatch(TaskState::isTerminal)) {
      return false;
    }
    RunPlanner.finalState(counts.keySet()).ifPresent(state -> end(run, state));
    return true;
  }

  /**
   * Records one task's outcome and, in the same transaction, what it causes: the skips {@code
   * skipsFor} returns (a branch's), then the plan of the run as it stands after both, so the tasks
   * made ready are queued in the commit that recorded the outcome (Airflow's mini scheduler, in one
   * transaction). One of them may go straight to {@code itself}, claimed in that same commit, so
   * the next task of a chain starts without a trip through the queue. The try's last log lines go
   * in that commit too. Changes nothing, log lines included, when the outcome's fence did not
   * match.
   */
  public Recorded record(
      TaskChange outcome,
      DagRun run,
      DagStructure dag,
      Function<List<TaskInstance>, List<TaskChange>> skipsFor,
      RunItself itself,
      List<LogLines> logs) {
    return record(outcome, run, dag, skipsFor, itself, logs, List.of());
  }

  /** ...and writes the asset events of a success ({@code outletEvents}) in the same commit. */
  public Recorded record(
      TaskChange outcome,
      DagRun run,
      DagStructure dag,
      Function<List<TaskInstance>, List<TaskChange>> skipsFor,
      RunItself itself,
      List<LogLines> logs,
      List<OutletEvent> outletEvents) {
    Instant now = clock.instant();
    List<TaskInstance> instances =
        overlay(
            MissingTaskInstances.completed(runs, run, dag, runs.taskInstances(run.id())),
            List.of(outcome));
    List<TaskChange> skips = skipsFor.apply(instances);
    instances = overlay(instances, skips);
    RunPlan plan = RunPlanner.plan(dag, instances, previousRunOf(run, dag), now);
    List<TaskChange> followUps = new ArrayList<>(skips);
    followUps.addAll(plan.changes());
    Map<Long, TaskInstance> byId = byId(instances);
    Optional<TaskChange> takeOver =
        plan.changes().stream()
            .filter(c -> c.to() == TaskState.QUEUED)
            .filter(c -> itself.accepts().test(byId.get(c.taskInstanceId()).after(c)))
            .findFirst()
            .map(
                c ->
                    TaskChange.claim(
                        c.taskInstanceId(), c.resultingTryNumber(), itself.worker(), now));
    List<TaskChange> toApply = new ArrayList<>(followUps);
    takeOver.ifPresent(toApply::add);
    Optional<List<TaskChange>> applied = runs.applyAfter(outcome, toApply, logs, outletEvents);
    if (applied.isEmpty()) {
      return Recorded.MISSED;
    }
    metrics.applied(dag, instances, applied.get(), outcome);
    List<TaskChange> appliedFollowUps = new ArrayList<>(applied.get());
    // The claim's fence fails when the queueing was not admitted (no room in its pool): then the
    // task waits as scheduled, like any other.
    boolean claimed = takeOver.isPresent() && appliedFollowUps.remove(takeOver.get());
    Optional<TaskInstance> taken =
        claimed
            ? Optional.of(byId.get(takeOver.get().taskInstanceId()).after(takeOver.get()))
            : Optional.empty();
    carryOut(
        run,
        instances,
        new RunPlan(followUps, plan.finalState()),
        appliedFollowUps,
        taken.map(TaskInstance::id).orElse(null));
    if (!plan.toExpand().isEmpty()
        || (plan.finalState().isEmpty() && othersInFlight(instances, outcome))) {
      // A mapped task made ready is expanded by the planner's pass. And another task of this run
      // may have ended at the same moment, in a transaction our read could not see: each of us
      // plans once more after committing, and the later of the two plans sees both outcomes (a
      // join downstream of both, or the run's end).
      advance(runs.findRun(run.id()).orElse(run), dag);
    }
    return new Recorded(true, taken, taken.isPresent());
  }

  /**
   * The states of the DAG's run before this one, read only when a task of the DAG depends on the
   * past: the others plan without the read.
   */
  private PreviousRun previousRunOf(DagRun run, DagStructure dag) {
    if (!CompiledDag.of(dag).hasPastDependencies()) {
      return PreviousRun.NONE;
    }
    return runs.runBefore(run.dagId(), run.logicalDate())
        .map(before -> PreviousRun.of(runs.taskInstances(before.id())))
        .orElse(PreviousRun.NONE);
  }

  private static boolean othersInFlight(List<TaskInstance> instances, TaskChange outcome) {
    return instances.stream()
        .anyMatch(
            ti ->
                ti.id() != outcome.taskInstanceId()
                    && (ti.state() == TaskState.RUNNING || ti.state() == TaskState.QUEUED));
  }

  /** Pushes a message for each task queued, except the one {@code takenId} names (or null). */
  private int carryOut(
      DagRun run,
      List<TaskInstance> instances,
      RunPlan plan,
      List<TaskChange> applied,
      Long takenId) {
    Map<Long, TaskInstance> byId = byId(instances);
    List<TaskMessage> messages = new ArrayList<>();
    for (TaskChange change : applied) {
      if (change.to() == TaskState.QUEUED
          && !Long.valueOf(change.taskInstanceId()).equals(takenId)) {
        messages.add(TaskMessage.of(byId.get(change.taskInstanceId()).after(change)));
      }
    }
    if (run.state() == RunState.QUEUED) {
      runs.setRunState(run.id(), RunState.RUNNING, clock.instant());
    }
    if (!messages.isEmpty()) {
      queue.push(messages);
    }
    if (applied.size() == plan.changes().size()) {
      plan.finalState().ifPresent(state -> end(run, state));
    }
    return messages.size();
  }

  /** Ends the run, and reports it when this call's commit is the one that ended it. */
  private void end(DagRun run, RunState state) {
    Instant at = clock.instant();
    if (runs.setRunState(run.id(), state, at)) {
      metrics.runEnded(run.ended(state, at));
    }
  }

  private static Map<Long, TaskInstance> byId(List<TaskInstance> instances) {
    return instances.stream().collect(Collectors.toMap(TaskInstance::id, Function.identity()));
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

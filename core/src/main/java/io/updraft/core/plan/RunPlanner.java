package io.updraft.core.plan;

import io.updraft.core.dag.CompiledDag;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.TaskNode;
import io.updraft.core.dag.TriggerRule;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Decides, for one run, which tasks are ready, which can never run, and whether the run is over. A
 * pure function of the DAG's structure, the task instances and the time: no I/O, so both the
 * scheduler and a worker (right after a success) can call it, and tests need no database.
 *
 * <p>A mapped task has one instance per value once expanded, and one (map index -1) before: an
 * upstream task counts each of its instances, as Airflow's trigger rules do, and a mapped task's
 * single instance, once ready, is handed to {@link MapExpansion} instead of being queued.
 *
 * <p>A task that depends on the past is ready only when its trigger rule is met and the previous
 * run lets it; until then it stays in state none, and every plan of the run (a sweep's, or one
 * after an event of the DAG) looks again.
 */
public final class RunPlanner {
  private RunPlanner() {}

  /** The plan of a run whose tasks do not depend on the past, or of a DAG's first run. */
  public static RunPlan plan(DagStructure dag, List<TaskInstance> instances, Instant now) {
    return plan(dag, instances, PreviousRun.NONE, now);
  }

  /**
   * The plan of a run; a task that depends on the past ({@link TaskNode#pastDependency}) is queued
   * only as {@code previous}, the DAG's run before this one, lets it ({@link PastDependencies}).
   */
  public static RunPlan plan(
      DagStructure dag, List<TaskInstance> instances, PreviousRun previous, Instant now) {
    Map<String, List<TaskInstance>> byTask = new HashMap<>();
    Map<Long, TaskState> effective = new HashMap<>();
    for (TaskInstance ti : instances) {
      byTask.computeIfAbsent(ti.taskId(), k -> new ArrayList<>()).add(ti);
      effective.put(ti.id(), ti.state());
    }
    List<TaskChange> changes = new ArrayList<>();
    List<TaskInstance> toExpand = new ArrayList<>();
    // Topological order: an upstream task's new state is known before its downstream tasks look.
    for (TaskNode node : dag.tasks()) {
      // None for a task added to the DAG after this run was created.
      for (TaskInstance ti : byTask.getOrDefault(node.taskId(), List.of())) {
        Optional<TaskChange> next =
            nextState(dag, node, ti, byTask, effective, now)
                .filter(
                    c ->
                        node.pastDependency() == null
                            || ti.state() != TaskState.NONE
                            || !isReady(c.to())
                            || PastDependencies.allow(node, CompiledDag.of(dag), previous));
        if (next.isEmpty()) {
          continue;
        }
        TaskChange change = next.get();
        if (node.isMapped() && ti.mapIndex() < 0 && isReady(change.to())) {
          toExpand.add(ti);
        } else {
          changes.add(change);
          effective.put(ti.id(), change.to());
        }
      }
    }
    return new RunPlan(changes, toExpand, finalState(dag, byTask, effective));
  }

  private static boolean isReady(TaskState to) {
    return to == TaskState.QUEUED || to == TaskState.SCHEDULED;
  }

  private static Optional<TaskChange> nextState(
      DagStructure dag,
      TaskNode node,
      TaskInstance ti,
      Map<String, List<TaskInstance>> byTask,
      Map<Long, TaskState> effective,
      Instant now) {
    return switch (ti.state()) {
      // A scheduled task is ready and waits for room in its pool or DAG: the scheduler's
      // queueScheduled, not the planner, decides when it goes.
      case NONE ->
          TriggerRules.decide(
                  node.triggerRule(),
                  upstreamOf(node, byTask, effective, up -> true),
                  setupsOf(node, dag, byTask, effective))
              .map(to -> TaskChange.of(ti, to, now));
      case UP_FOR_RETRY, UP_FOR_RESCHEDULE ->
          ti.nextTryAt() == null || !ti.nextTryAt().isAfter(now)
              ? Optional.of(TaskChange.queue(ti, now))
              : Optional.empty();
      default -> Optional.empty();
    };
  }

  /** Only a teardown's rule looks at its setups apart: the others need not find them. */
  private static UpstreamStates setupsOf(
      TaskNode node,
      DagStructure dag,
      Map<String, List<TaskInstance>> byTask,
      Map<Long, TaskState> effective) {
    if (node.triggerRule() != TriggerRule.ALL_DONE_SETUP_SUCCESS) {
      return UpstreamStates.NONE;
    }
    CompiledDag compiled = CompiledDag.of(dag);
    return upstreamOf(node, byTask, effective, compiled::isSetup);
  }

  /**
   * The states of every instance of the task's direct upstream tasks that {@code which} accepts
   * (none when one has none).
   */
  private static UpstreamStates upstreamOf(
      TaskNode node,
      Map<String, List<TaskInstance>> byTask,
      Map<Long, TaskState> effective,
      Predicate<String> which) {
    List<TaskState> states = new ArrayList<>(node.upstream().size());
    for (String up : node.upstream()) {
      if (!which.test(up)) {
        continue;
      }
      List<TaskInstance> ups = byTask.get(up);
      if (ups == null) {
        states.add(TaskState.NONE);
        continue;
      }
      for (TaskInstance ti : ups) {
        states.add(effective.get(ti.id()));
      }
    }
    return UpstreamStates.of(states);
  }

  /**
   * The run's end once every instance is done: its teardown tasks are waited for but do not count,
   * so cleanup that failed after the work succeeded leaves the run a success (as in Airflow).
   */
  private static Optional<RunState> finalState(
      DagStructure dag, Map<String, List<TaskInstance>> byTask, Map<Long, TaskState> effective) {
    if (!CompiledDag.of(dag).hasTeardowns()) {
      return finalState(effective.values());
    }
    if (!effective.values().stream().allMatch(TaskState::isTerminal)) {
      return Optional.empty();
    }
    List<TaskState> counted = new ArrayList<>();
    for (TaskNode node : dag.tasks()) {
      if (!node.isTeardown()) {
        byTask
            .getOrDefault(node.taskId(), List.of())
            .forEach(ti -> counted.add(effective.get(ti.id())));
      }
    }
    return finalState(counted);
  }

  /** A run whose tasks are in these states ends: failed when any task failed, else success. */
  static Optional<RunState> finalState(Collection<TaskState> states) {
    if (!states.stream().allMatch(TaskState::isTerminal)) {
      return Optional.empty();
    }
    return Optional.of(
        states.stream().anyMatch(TaskState::isFailure) ? RunState.FAILED : RunState.SUCCESS);
  }
}

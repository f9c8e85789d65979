package io.updraft.core.plan;

import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.TaskNode;
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

/**
 * Decides, for one run, which tasks are ready, which can never run, and whether the run is over. A
 * pure function of the DAG's structure, the task instances and the time: no I/O, so both the
 * scheduler and a worker (right after a success) can call it, and tests need no database.
 */
public final class RunPlanner {
  private RunPlanner() {}

  public static RunPlan plan(DagStructure dag, List<TaskInstance> instances, Instant now) {
    Map<String, TaskInstance> byTask = new HashMap<>();
    Map<String, TaskState> effective = new HashMap<>();
    for (TaskInstance ti : instances) {
      byTask.put(ti.taskId(), ti);
      effective.put(ti.taskId(), ti.state());
    }
    List<TaskChange> changes = new ArrayList<>();
    // Topological order: an upstream task's new state is known before its downstream tasks look.
    for (TaskNode node : dag.tasks()) {
      TaskInstance ti = byTask.get(node.taskId());
      if (ti == null) {
        continue; // a task added to the DAG after this run was created
      }
      nextState(node, ti, effective, now)
          .ifPresent(
              change -> {
                changes.add(change);
                effective.put(node.taskId(), change.to());
              });
    }
    return new RunPlan(changes, finalState(effective));
  }

  private static Optional<TaskChange> nextState(
      TaskNode node, TaskInstance ti, Map<String, TaskState> effective, Instant now) {
    return switch (ti.state()) {
      // A scheduled task is ready and waits for room in its pool or DAG: the scheduler's
      // queueScheduled, not the planner, decides when it goes.
      case NONE ->
          TriggerRules.decide(node.triggerRule(), upstreamOf(node, effective))
              .map(to -> TaskChange.of(ti, to, now));
      case UP_FOR_RETRY, UP_FOR_RESCHEDULE ->
          ti.nextTryAt() == null || !ti.nextTryAt().isAfter(now)
              ? Optional.of(TaskChange.queue(ti, now))
              : Optional.empty();
      default -> Optional.empty();
    };
  }

  private static UpstreamStates upstreamOf(TaskNode node, Map<String, TaskState> effective) {
    List<TaskState> states = new ArrayList<>(node.upstream().size());
    for (String up : node.upstream()) {
      states.add(effective.getOrDefault(up, TaskState.NONE));
    }
    return UpstreamStates.of(states);
  }

  private static Optional<RunState> finalState(Map<String, TaskState> effective) {
    return finalState(effective.values());
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

package io.updraft.core.plan;

import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.TaskNode;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import java.time.Instant;
import java.util.ArrayList;
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
      case NONE, SCHEDULED -> allSuccess(node, effective).map(to -> TaskChange.of(ti, to, now));
      case UP_FOR_RETRY, UP_FOR_RESCHEDULE ->
          ti.nextTryAt() == null || !ti.nextTryAt().isAfter(now)
              ? Optional.of(
                  new TaskChange(
                      ti.id(),
                      ti.tryNumber(),
                      ti.state(),
                      TaskState.QUEUED,
                      now,
                      ti.state() == TaskState.UP_FOR_RETRY,
                      null,
                      null))
              : Optional.empty();
      default -> Optional.empty();
    };
  }

  /** Airflow's default trigger rule: run when every upstream task succeeded. */
  private static Optional<TaskState> allSuccess(TaskNode node, Map<String, TaskState> effective) {
    boolean allSucceeded = true;
    boolean anySkipped = false;
    for (String up : node.upstream()) {
      TaskState state = effective.getOrDefault(up, TaskState.NONE);
      if (state.isFailure()) {
        return Optional.of(TaskState.UPSTREAM_FAILED);
      }
      anySkipped |= state == TaskState.SKIPPED;
      allSucceeded &= state == TaskState.SUCCESS;
    }
    if (anySkipped && allDone(node, effective)) {
      return Optional.of(TaskState.SKIPPED);
    }
    return allSucceeded ? Optional.of(TaskState.QUEUED) : Optional.empty();
  }

  private static boolean allDone(TaskNode node, Map<String, TaskState> effective) {
    return node.upstream().stream()
        .allMatch(up -> effective.getOrDefault(up, TaskState.NONE).isTerminal());
  }

  private static Optional<RunState> finalState(Map<String, TaskState> effective) {
    if (!effective.values().stream().allMatch(TaskState::isTerminal)) {
      return Optional.empty();
    }
    return Optional.of(
        effective.values().stream().anyMatch(TaskState::isFailure)
            ? RunState.FAILED
            : RunState.SUCCESS);
  }
}

package io.updraft.core.plan;

import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.TaskNode;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.TaskState;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a user asks of a run, as task changes: clear tasks to run them again, mark a task or a whole
 * run success or failed. Pure, like the planner; the changes go through the transition table and
 * the one fenced store method, as every other change does.
 */
public final class ManualChanges {
  private ManualChanges() {}

  /**
   * Sets the tasks (and, with {@code downstream}, every task downstream of them) back to none, so
   * the scheduler runs them again as a new try. A task that never ran is left as it is.
   */
  public static List<TaskChange> clear(
      DagStructure dag,
      List<TaskInstance> instances,
      Set<String> taskIds,
      boolean downstream,
      Instant now) {
    Set<String> selected = downstream ? withDownstream(dag, taskIds) : taskIds;
    List<TaskChange> changes = new ArrayList<>();
    for (TaskInstance ti : instances) {
      if (selected.contains(ti.taskId()) && ti.state() != TaskState.NONE) {
        changes.add(
            new TaskChange(
                ti.id(), ti.tryNumber(), ti.state(), TaskState.NONE, now, true, null, null));
      }
    }
    return changes;
  }

  /** Marks one task; a task already in that state is left alone. */
  public static List<TaskChange> markTask(TaskInstance ti, TaskState to, Instant now) {
    requireMarkable(to);
    return ti.state() == to ? List.of() : List.of(TaskChange.of(ti, to, now));
  }

  /**
   * Marks a run's unfinished tasks, as Airflow does: for success every unfinished task succeeds;
   * for failed, running ones fail and the others are skipped.
   */
  public static List<TaskChange> markRun(List<TaskInstance> instances, TaskState to, Instant now) {
    requireMarkable(to);
    List<TaskChange> changes = new ArrayList<>();
    for (TaskInstance ti : instances) {
      if (ti.state().isTerminal()) {
        continue;
      }
      TaskState target =
          to == TaskState.SUCCESS || ti.state() == TaskState.RUNNING ? to : TaskState.SKIPPED;
      changes.add(TaskChange.of(ti, target, now));
    }
    return changes;
  }

  private static void requireMarkable(TaskState to) {
    if (to != TaskState.SUCCESS && to != TaskState.FAILED) {
      throw new IllegalArgumentException(
          "A task or run can be marked success or failed, not " + to.wireName());
    }
  }

  private static Set<String> withDownstream(DagStructure dag, Set<String> taskIds) {
    Map<String, List<String>> children = new HashMap<>();
    for (TaskNode node : dag.tasks()) {
      for (String up : node.upstream()) {
        children.computeIfAbsent(up, k -> new ArrayList<>()).add(node.taskId());
      }
    }
    Set<String> all = new LinkedHashSet<>(taskIds);
    Deque<String> todo = new ArrayDeque<>(taskIds);
    while (!todo.isEmpty()) {
      for (String child : children.getOrDefault(todo.pop(), List.of())) {
        if (all.add(child)) {
          todo.add(child);
        }
      }
    }
    return all;
  }
}

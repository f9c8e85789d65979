package io.updraft.core.plan;

import io.updraft.core.dag.CompiledDag;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.TaskNode;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.TaskState;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The skips that a branch or short-circuit task makes when it succeeds, as Airflow's operators do
 * them: a branch skips the directly downstream tasks it did not choose (the skip then spreads
 * through trigger rules); a short circuit that returned false skips everything downstream. Pure,
 * like the planner; the worker applies the result in the transaction that records the success.
 */
public final class BranchSkips {
  private BranchSkips() {}

  /** Skips the direct downstream tasks of {@code branchTaskId} not in {@code follow}. */
  public static List<TaskChange> forBranch(
      DagStructure dag,
      String branchTaskId,
      Set<String> follow,
      List<TaskInstance> instances,
      Instant now) {
    Set<String> skip = new HashSet<>();
    for (TaskNode node : CompiledDag.of(dag).downstreamOf(branchTaskId)) {
      if (!follow.contains(node.taskId())) {
        skip.add(node.taskId());
      }
    }
    return skipping(skip, instances, now);
  }

  /** Skips every task downstream of {@code taskId}, directly or not. */
  public static List<TaskChange> forShortCircuit(
      DagStructure dag, String taskId, List<TaskInstance> instances, Instant now) {
    CompiledDag compiled = CompiledDag.of(dag);
    Set<String> skip = new HashSet<>();
    Deque<TaskNode> todo = new ArrayDeque<>(compiled.downstreamOf(taskId));
    while (!todo.isEmpty()) {
      TaskNode next = todo.pop();
      if (skip.add(next.taskId())) {
        todo.addAll(compiled.downstreamOf(next.taskId()));
      }
    }
    return skipping(skip, instances, now);
  }

  private static List<TaskChange> skipping(
      Set<String> taskIds, List<TaskInstance> instances, Instant now) {
    return instances.stream()
        .filter(ti -> taskIds.contains(ti.taskId()))
        .filter(ti -> ti.state() == TaskState.NONE || ti.state() == TaskState.SCHEDULED)
        .map(ti -> TaskChange.of(ti, TaskState.SKIPPED, now))
        .toList();
  }
}

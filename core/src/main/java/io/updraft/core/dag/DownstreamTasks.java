package io.updraft.core.dag;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The tasks downstream of others, directly or not: what "clear with downstream" reaches. */
public final class DownstreamTasks {
  private DownstreamTasks() {}

  /** Each task's direct downstream tasks, by the upstream task's id; tasks with none left out. */
  public static Map<String, List<TaskNode>> direct(DagStructure dag) {
    Map<String, List<TaskNode>> children = new HashMap<>();
    for (TaskNode node : dag.tasks()) {
      for (String up : node.upstream()) {
        children.computeIfAbsent(up, k -> new ArrayList<>()).add(node);
      }
    }
    return children;
  }

  /** {@code taskIds} and every task downstream of them, in the order found. */
  public static Set<String> including(DagStructure dag, Set<String> taskIds) {
    Map<String, List<TaskNode>> children = direct(dag);
    Set<String> all = new LinkedHashSet<>(taskIds);
    Deque<String> todo = new ArrayDeque<>(taskIds);
    while (!todo.isEmpty()) {
      for (TaskNode child : children.getOrDefault(todo.pop(), List.of())) {
        if (all.add(child.taskId())) {
          todo.add(child.taskId());
        }
      }
    }
    return all;
  }
}

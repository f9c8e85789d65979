package io.updraft.core.dag;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;

/** The tasks upstream of others, directly or not: what "clear with upstream" reaches. */
public final class UpstreamTasks {
  private UpstreamTasks() {}

  /** {@code taskIds} and every task upstream of them, in the order found. */
  public static Set<String> including(DagStructure dag, Set<String> taskIds) {
    Set<String> all = new LinkedHashSet<>(taskIds);
    Deque<String> todo = new ArrayDeque<>(taskIds);
    while (!todo.isEmpty()) {
      dag.task(todo.pop())
          .ifPresent(
              node -> {
                for (String up : node.upstream()) {
                  if (all.add(up)) {
                    todo.add(up);
                  }
                }
              });
    }
    return all;
  }
}

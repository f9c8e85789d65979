package io.updraft.worker;

import io.updraft.core.dag.BranchOperator;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.ShortCircuitOperator;
import io.updraft.core.dag.Task;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * What a test run skips after a branch or short circuit succeeded: a branch, the direct downstream
 * tasks it did not choose; a false short circuit, everything downstream of it.
 */
final class UnchosenTasks {
  private UnchosenTasks() {}

  /** The ids to skip after {@code task} returned {@code returned}; none for other tasks. */
  static List<String> of(Dag dag, Task task, Object returned) {
    String kind = task.operator().kind();
    List<String> skip = new ArrayList<>();
    if (kind.equals(BranchOperator.KIND)) {
      Set<String> follow = BranchOperator.followed(returned, task.id());
      for (Task t : dag.tasks()) {
        if (t.upstream().contains(task.id()) && !follow.contains(t.id())) {
          skip.add(t.id());
        }
      }
    } else if (kind.equals(ShortCircuitOperator.KIND) && !ShortCircuitOperator.isTruthy(returned)) {
      Deque<String> todo = new ArrayDeque<>(List.of(task.id()));
      while (!todo.isEmpty()) {
        String next = todo.pop();
        for (Task t : dag.tasks()) {
          if (t.upstream().contains(next) && !skip.contains(t.id())) {
            skip.add(t.id());
            todo.add(t.id());
          }
        }
      }
    }
    return skip;
  }
}

package io.updraft.core.plan;

import io.updraft.core.dag.CompiledDag;
import io.updraft.core.dag.PastDependency;
import io.updraft.core.dag.TaskNode;
import io.updraft.core.state.TaskState;
import java.util.List;

/**
 * Airflow's depends_on_past and wait_for_downstream as a readiness rule of the planner: a task
 * whose trigger rule is met is queued only when the run before (by logical date) let it. A skip or
 * an upstream failure is decided by the trigger rule alone, as in Airflow, where the previous run
 * only holds a task back from running.
 */
final class PastDependencies {
  private PastDependencies() {}

  /**
   * Whether the task may be queued given the previous run: its own instances there (and, with
   * {@link PastDependency#TASK_AND_DOWNSTREAM}, those of its direct downstream tasks) each
   * succeeded or were skipped. A task the previous run did not have, or no previous run, lets it.
   */
  static boolean allow(TaskNode node, CompiledDag dag, PreviousRun previous) {
    if (node.pastDependency() == null) {
      return true;
    }
    if (!allEnded(previous.statesOf(node.taskId()))) {
      return false;
    }
    if (node.pastDependency() == PastDependency.TASK_AND_DOWNSTREAM) {
      for (TaskNode next : dag.downstreamOf(node.taskId())) {
        if (!allEnded(previous.statesOf(next.taskId()))) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean allEnded(List<TaskState> states) {
    return states.stream().allMatch(s -> s == TaskState.SUCCESS || s == TaskState.SKIPPED);
  }
}

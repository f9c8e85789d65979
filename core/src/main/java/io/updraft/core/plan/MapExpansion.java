package io.updraft.core.plan;

import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.TaskNode;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.LogLines;
import io.updraft.core.run.RunStore;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.TaskState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Expands the mapped tasks the planner found ready ({@link RunPlan#toExpand}) into one task
 * instance per value: the DAG's list, or the return value of the upstream task expanded over, read
 * now that the task has finished (a mapped upstream task's once all its instances have: the
 * planner's trigger rules count every instance). No values skips the task, as in Airflow; a return
 * value that is no list or map, or more values than the limit, fails it with the reason in its log.
 */
final class MapExpansion {
  private final RunStore runs;
  private final int maxLength;

  MapExpansion(RunStore runs, int maxLength) {
    this.runs = runs;
    this.maxLength = maxLength;
  }

  /** Returns whether any task was expanded, skipped or failed: its run is then planned again. */
  boolean expand(DagRun run, DagStructure dag, List<TaskInstance> unexpanded, Instant at) {
    boolean changed = false;
    for (TaskInstance ti : unexpanded) {
      Optional<TaskNode> node = dag.task(ti.taskId()).filter(TaskNode::isMapped);
      if (node.isPresent()) {
        changed |= expand(run, dag, node.get(), ti, at);
      }
    }
    return changed;
  }

  private boolean expand(DagRun run, DagStructure dag, TaskNode node, TaskInstance ti, Instant at) {
    int count;
    try {
      count =
          node.mapping()
              .valuesIn(
                  taskId -> runs.returnValue(run.id(), taskId),
                  taskId -> dag.task(taskId).map(TaskNode::isMapped).orElse(false))
              .size();
    } catch (IllegalArgumentException notAList) {
      return end(ti, TaskState.FAILED, at, notAList.getMessage());
    }
    if (count == 0) {
      return end(ti, TaskState.SKIPPED, at, "No values to expand over: the task is skipped");
    }
    if (count > maxLength) {
      return end(
          ti,
          TaskState.FAILED,
          at,
          "Task '"
              + ti.taskId()
              + "' would expand into "
              + count
              + " instances, over the limit of "
              + maxLength
              + " (dags.max_map_length): return fewer values, batch them into lists, or raise"
              + " the limit");
    }
    return runs.expand(ti, count, at);
  }

  private boolean end(TaskInstance ti, TaskState to, Instant at, String reason) {
    return !runs.applyAll(
            List.of(TaskChange.of(ti, to, at)),
            List.of(new LogLines(ti.id(), ti.tryNumber(), List.of(reason))))
        .isEmpty();
  }
}

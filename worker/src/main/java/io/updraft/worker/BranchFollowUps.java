package io.updraft.worker;

import io.updraft.core.dag.BranchOperator;
import io.updraft.core.dag.CompiledDag;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.ShortCircuitOperator;
import io.updraft.core.dag.TaskNode;
import io.updraft.core.json.Json;
import io.updraft.core.plan.BranchSkips;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.run.XComStore;
import io.updraft.core.state.TaskState;
import java.util.List;

/**
 * What a branch or short circuit that succeeded causes: the downstream tasks it did not choose are
 * skipped, reading its choice from its return value.
 */
final class BranchFollowUps {
  private final XComStore xcoms;

  BranchFollowUps(XComStore xcoms) {
    this.xcoms = xcoms;
  }

  /** Whether the task is a branch or short circuit: only those cause skips. */
  boolean mayFollow(DagStructure structure, String taskId) {
    return CompiledDag.of(structure).isBranching(taskId);
  }

  List<TaskChange> skipsAfter(
      TaskChange recorded,
      DagStructure structure,
      DagRun run,
      String taskId,
      List<TaskInstance> instances) {
    if (recorded.to() != TaskState.SUCCESS) {
      return List.of();
    }
    if (!mayFollow(structure, taskId)) {
      return List.of();
    }
    String kind = structure.task(taskId).map(TaskNode::kind).orElse("");
    Object returned =
        xcoms
            .get(run.id(), taskId, XComStore.RETURN_VALUE)
            .map(json -> Json.read(json, Object.class))
            .orElse(null);
    if (kind.equals(BranchOperator.KIND)) {
      return BranchSkips.forBranch(
          structure, taskId, BranchOperator.followed(returned, taskId), instances, recorded.at());
    }
    return ShortCircuitOperator.isTruthy(returned)
        ? List.of()
        : BranchSkips.forShortCircuit(structure, taskId, instances, recorded.at());
  }
}

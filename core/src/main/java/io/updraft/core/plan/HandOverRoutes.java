package io.updraft.core.plan;

import io.updraft.core.cache.RecentByIdentity;
import io.updraft.core.dag.BranchOperator;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.DownstreamTasks;
import io.updraft.core.dag.ShortCircuitOperator;
import io.updraft.core.dag.TaskNode;
import io.updraft.core.dag.TriggerRule;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which tasks hand over to their downstream tasks on the shortest path ({@link HandOverPath}): a
 * task that is no branch or short circuit (those skip what they do not choose) and whose downstream
 * tasks all have the all_success rule. Such a downstream task is ready exactly when each of its
 * upstream tasks succeeded: a check the database can make alone. Other tasks go through the
 * planner.
 */
public final class HandOverRoutes {
  // The structures asked about, by identity: a worker sees the same few instances again and again.
  private final RecentByIdentity<DagStructure, Routes> recent = new RecentByIdentity<>(8);

  /** The downstream tasks of {@code taskId}; empty when it must go through the planner. */
  public Optional<List<TaskNode>> downstreamOf(DagStructure dag, String taskId) {
    return Optional.ofNullable(routes(dag).byTask().get(taskId));
  }

  /**
   * The tasks a run starts with: those without upstream tasks, and those with the always rule,
   * which wait for none of theirs (the planner queues them at once too).
   */
  public List<String> roots(DagStructure dag) {
    return routes(dag).roots();
  }

  private Routes routes(DagStructure dag) {
    return recent.get(
        dag,
        d ->
            new Routes(
                compute(d),
                d.tasks().stream()
                    .filter(t -> t.upstream().isEmpty() || t.triggerRule() == TriggerRule.ALWAYS)
                    .map(TaskNode::taskId)
                    .toList()));
  }

  private static Map<String, List<TaskNode>> compute(DagStructure dag) {
    Map<String, List<TaskNode>> downstream = DownstreamTasks.direct(dag);
    Map<String, List<TaskNode>> byTask = new HashMap<>();
    for (TaskNode node : dag.tasks()) {
      List<TaskNode> next = downstream.getOrDefault(node.taskId(), List.of());
      if (next.isEmpty()
          || node.kind().equals(BranchOperator.KIND)
          || node.kind().equals(ShortCircuitOperator.KIND)
          || next.stream().anyMatch(n -> n.triggerRule() != TriggerRule.ALL_SUCCESS)) {
        continue;
      }
      byTask.put(node.taskId(), List.copyOf(next));
    }
    return byTask;
  }

  private record Routes(Map<String, List<TaskNode>> byTask, List<String> roots) {}
}

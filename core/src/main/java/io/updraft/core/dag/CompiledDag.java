package io.updraft.core.dag;

import io.updraft.core.cache.RecentByIdentity;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A DAG structure with the facts the paths of a run derive from it, computed once: each task's
 * direct downstream tasks, the branching tasks, the tasks that hand over to their downstream tasks
 * in one statement, and the tasks a run starts with. Immutable. {@link #of} keeps one per structure
 * the process met lately (by identity: a structure's equals walks every task), so each fact costs a
 * map lookup on the path from one task to the next.
 */
public final class CompiledDag {
  private static final RecentByIdentity<DagStructure, CompiledDag> COMPILED =
      new RecentByIdentity<>(64);

  private final DagStructure structure;
  private final Map<String, List<TaskNode>> downstream;
  private final Set<String> branching;
  private final Map<String, List<TaskNode>> handOvers;
  private final List<String> roots;

  private CompiledDag(DagStructure structure) {
    this.structure = structure;
    this.downstream = Map.copyOf(DownstreamTasks.direct(structure));
    Set<String> branchingIds = new HashSet<>();
    Map<String, List<TaskNode>> handOverIds = new HashMap<>();
    for (TaskNode node : structure.tasks()) {
      boolean branches =
          node.kind().equals(BranchOperator.KIND) || node.kind().equals(ShortCircuitOperator.KIND);
      if (branches) {
        branchingIds.add(node.taskId());
      }
      List<TaskNode> next = downstream.getOrDefault(node.taskId(), List.of());
      if (!branches
          && !next.isEmpty()
          && next.stream().allMatch(n -> n.triggerRule() == TriggerRule.ALL_SUCCESS)) {
        handOverIds.put(node.taskId(), List.copyOf(next));
      }
    }
    this.branching = Set.copyOf(branchingIds);
    this.handOvers = Map.copyOf(handOverIds);
    this.roots =
        structure.tasks().stream()
            .filter(t -> t.upstream().isEmpty() || t.triggerRule() == TriggerRule.ALWAYS)
            .map(TaskNode::taskId)
            .toList();
  }

  /** The compiled form of {@code structure}, computed once while the process uses it. */
  public static CompiledDag of(DagStructure structure) {
    return COMPILED.get(structure, CompiledDag::new);
  }

  public DagStructure structure() {
    return structure;
  }

  /** The tasks that wait directly for {@code taskId}. */
  public List<TaskNode> downstreamOf(String taskId) {
    return downstream.getOrDefault(taskId, List.of());
  }

  /** Whether any task waits for {@code taskId}. */
  public boolean hasDownstream(String taskId) {
    return downstream.containsKey(taskId);
  }

  /** Whether the task is a branch or short circuit: only those skip tasks they do not choose. */
  public boolean isBranching(String taskId) {
    return branching.contains(taskId);
  }

  /**
   * The downstream tasks of {@code taskId} when its success may hand over to them in one statement:
   * it is no branch or short circuit, and each of them has the all_success rule, so is ready
   * exactly when each of its upstream tasks succeeded (a check the database can make alone). Empty
   * when the task must go through the planner.
   */
  public Optional<List<TaskNode>> handOversOf(String taskId) {
    return Optional.ofNullable(handOvers.get(taskId));
  }

  /**
   * The tasks a run starts with: those without upstream tasks, and those with the always rule,
   * which wait for none of theirs (the planner queues them at once too).
   */
  public List<String> roots() {
    return roots;
  }
}

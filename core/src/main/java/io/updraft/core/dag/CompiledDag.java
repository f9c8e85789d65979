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
  private final boolean plannedRoots;
  private final boolean pastDependencies;
  private final Set<String> setups;
  private final boolean teardowns;

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
      // A mapped task is expanded by the planner, never queued by the hand-over; a task that
      // depends on the past needs the previous run's states, which only the planner reads.
      if (!branches
          && !next.isEmpty()
          && next.stream()
              .allMatch(
                  n ->
                      n.triggerRule() == TriggerRule.ALL_SUCCESS
                          && !n.isMapped()
                          && n.pastDependency() == null)) {
        handOverIds.put(node.taskId(), List.copyOf(next));
      }
    }
    this.branching = Set.copyOf(branchingIds);
    this.handOvers = Map.copyOf(handOverIds);
    this.roots =
        structure.tasks().stream()
            .filter(t -> t.upstream().isEmpty() || t.triggerRule() == TriggerRule.ALWAYS)
            .filter(t -> !isForThePlanner(t))
            .map(TaskNode::taskId)
            .toList();
    this.setups =
        structure.tasks().stream()
            .filter(t -> t.role() == TaskRole.SETUP)
            .map(TaskNode::taskId)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
    this.teardowns = structure.tasks().stream().anyMatch(TaskNode::isTeardown);
    this.plannedRoots =
        structure.tasks().stream()
            .anyMatch(
                t ->
                    isForThePlanner(t)
                        && (t.upstream().isEmpty() || t.triggerRule() == TriggerRule.ALWAYS));
    this.pastDependencies = structure.tasks().stream().anyMatch(t -> t.pastDependency() != null);
  }

  private static boolean isForThePlanner(TaskNode task) {
    return task.isMapped() || task.pastDependency() != null;
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
   * Whether a task the run starts with is left to the planner once the run started (the run's start
   * queues the others, {@link #roots}): a mapped one, which it expands, or one that depends on the
   * past, which only it can tell ready.
   */
  public boolean hasPlannedRoots() {
    return plannedRoots;
  }

  /**
   * Whether a task waits for its instance in the previous run ({@link TaskNode#pastDependency}).
   */
  public boolean hasPastDependencies() {
    return pastDependencies;
  }

  /**
   * The tasks a run starts with and queues in the same commit: those without upstream tasks, and
   * those with the always rule, which wait for none of theirs (the planner queues them at once
   * too). Mapped ones and those that depend on the past are left to the planner.
   */
  public List<String> roots() {
    return roots;
  }

  /** Whether the task is a setup task (a teardown's rule looks at its setups apart). */
  public boolean isSetup(String taskId) {
    return setups.contains(taskId);
  }

  /**
   * Whether some task is a teardown, whose outcome does not count in the run's state: the run's end
   * is then told from its tasks, not from its counts by state.
   */
  public boolean hasTeardowns() {
    return teardowns;
  }
}

package io.updraft.worker;

import static io.updraft.core.testdata.DagStructureBuilder.aDag;

import io.updraft.core.dag.BranchOperator;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.ShortCircuitOperator;
import io.updraft.core.dag.TaskNode;
import io.updraft.core.dag.TriggerRule;
import io.updraft.core.state.TaskState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * A small random DAG and what each of its task tries does, the same for every run it is replayed
 * in: made from a seed alone, so that a failing case can be made again.
 *
 * @param tries per task, what each try does: success, skipped, or failed (which becomes
 *     up_for_retry while tries are left)
 * @param follows per branch task, the downstream tasks it follows; the others it skips
 * @param falsy the short circuits that return false, skipping everything downstream
 */
record RandomRunCase(
    long seed,
    List<TaskNode> tasks,
    Map<String, List<TaskState>> tries,
    Map<String, Set<String>> follows,
    Set<String> falsy) {

  // A teardown's rule needs a teardown, which these cases do not make (TeardownPlanningTest does).
  private static final TriggerRule[] RULES =
      java.util.Arrays.stream(TriggerRule.values())
          .filter(r -> r != TriggerRule.ALL_DONE_SETUP_SUCCESS)
          .toArray(TriggerRule[]::new);

  static RandomRunCase of(long seed) {
    Random random = new Random(seed);
    int size = 2 + random.nextInt(7);
    List<TaskNode> tasks = new ArrayList<>();
    Map<String, List<TaskState>> tries = new LinkedHashMap<>();
    for (int i = 0; i < size; i++) {
      // Edges only from earlier tasks: acyclic, and the list is in topological order as stored.
      List<String> upstream = new ArrayList<>();
      for (int j = 0; j < i; j++) {
        if (random.nextInt(3) == 0) {
          upstream.add("t" + j);
        }
      }
      String kind =
          switch (random.nextInt(8)) {
            case 0 -> BranchOperator.KIND;
            case 1 -> ShortCircuitOperator.KIND;
            default -> "java";
          };
      int retries = random.nextInt(4) == 0 ? 1 + random.nextInt(2) : 0;
      // Half the default rule, so that the database's shortest path is taken often.
      TriggerRule rule =
          random.nextBoolean() ? TriggerRule.ALL_SUCCESS : RULES[random.nextInt(RULES.length)];
      String id = "t" + i;
      tasks.add(
          new TaskNode(
              id,
              kind,
              upstream,
              retries,
              0,
              "default",
              "default_pool",
              1,
              Map.of(),
              rule,
              null,
              null,
              null,
              null));
      List<TaskState> outcomes = new ArrayList<>();
      for (int t = 0; t <= retries; t++) {
        int roll = random.nextInt(20);
        outcomes.add(
            roll < 12 ? TaskState.SUCCESS : roll < 17 ? TaskState.FAILED : TaskState.SKIPPED);
      }
      tries.put(id, outcomes);
    }
    Map<String, Set<String>> follows = new LinkedHashMap<>();
    Set<String> falsy = new TreeSet<>();
    for (TaskNode node : tasks) {
      if (node.kind().equals(BranchOperator.KIND)) {
        Set<String> chosen = new TreeSet<>();
        for (TaskNode next : tasks) {
          if (next.upstream().contains(node.taskId()) && random.nextBoolean()) {
            chosen.add(next.taskId());
          }
        }
        follows.put(node.taskId(), chosen);
      } else if (node.kind().equals(ShortCircuitOperator.KIND) && random.nextInt(3) == 0) {
        falsy.add(node.taskId());
      }
    }
    return new RandomRunCase(seed, List.copyOf(tasks), tries, follows, falsy);
  }

  /**
   * The DAG under {@code dagId}: each run in its own DAG, so neither counts in the other's limits.
   */
  DagStructure dag(String dagId) {
    return aDag(dagId).description(null).tasks(tasks).build();
  }

  /** What try {@code tryNumber} (from 1) of the task does. */
  TaskState outcome(String taskId, int tryNumber) {
    return tries.get(taskId).get(tryNumber - 1);
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("case seed " + seed + ":\n");
    for (TaskNode node : tasks) {
      out.append("  ")
          .append(node.taskId())
          .append(" ")
          .append(node.kind())
          .append(" after ")
          .append(node.upstream())
          .append(" ")
          .append(node.triggerRule().wireName())
          .append(" tries ")
          .append(tries.get(node.taskId()));
      if (follows.containsKey(node.taskId())) {
        out.append(" follows ").append(follows.get(node.taskId()));
      }
      if (falsy.contains(node.taskId())) {
        out.append(" returns false");
      }
      out.append("\n");
    }
    return out.toString();
  }
}

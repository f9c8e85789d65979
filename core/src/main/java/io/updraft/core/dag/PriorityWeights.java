package io.updraft.core.dag;

import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Airflow's effective priority weights: a task's own weight plus the weights of every task
 * downstream (or upstream) of it, each counted once. Bit sets keep a 10,000-task DAG fast.
 */
final class PriorityWeights {
  private PriorityWeights() {}

  /** Effective weights by task id; {@code ordered} is topological. */
  static Map<String, Integer> of(List<Task> ordered) {
    int n = ordered.size();
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < n; i++) {
      index.put(ordered.get(i).id(), i);
    }
    BitSet[] ancestors = new BitSet[n];
    for (int i = 0; i < n; i++) {
      ancestors[i] = new BitSet(n);
      for (String up : ordered.get(i).upstream()) {
        int u = index.get(up);
        ancestors[i].set(u);
        ancestors[i].or(ancestors[u]);
      }
    }
    BitSet[] descendants = new BitSet[n];
    for (int i = 0; i < n; i++) {
      descendants[i] = new BitSet(n);
    }
    boolean needDescendants =
        ordered.stream().anyMatch(t -> t.weightRule() == WeightRule.DOWNSTREAM);
    if (needDescendants) {
      for (int i = 0; i < n; i++) {
        for (int a = ancestors[i].nextSetBit(0); a >= 0; a = ancestors[i].nextSetBit(a + 1)) {
          descendants[a].set(i);
        }
      }
    }
    Map<String, Integer> weights = new HashMap<>();
    for (int i = 0; i < n; i++) {
      Task t = ordered.get(i);
      long weight = t.priorityWeight();
      BitSet others =
          switch (t.weightRule()) {
            case DOWNSTREAM -> descendants[i];
            case UPSTREAM -> ancestors[i];
            case ABSOLUTE -> new BitSet();
          };
      for (int o = others.nextSetBit(0); o >= 0; o = others.nextSetBit(o + 1)) {
        weight += ordered.get(o).priorityWeight();
      }
      weights.put(t.id(), (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, weight)));
    }
    return weights;
  }
}

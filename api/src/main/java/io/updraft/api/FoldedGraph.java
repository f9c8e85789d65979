package io.updraft.api;

import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.TaskNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A DAG's graph with its task groups folded, as Airflow's graph shows them at first: each group not
 * in {@code expanded} is one box standing for all its tasks, and the dependencies between boxes are
 * those of the tasks they stand for.
 */
final class FoldedGraph {
  /** A box: a task, or a folded group with the tasks inside it. */
  record Box(String id, boolean group, List<String> members) {}

  private final Map<String, Box> boxes = new LinkedHashMap<>();
  private final Map<String, Set<String>> upstream = new LinkedHashMap<>();

  FoldedGraph(DagStructure s, Set<String> expanded) {
    Map<String, String> boxOf = new HashMap<>();
    Map<String, List<String>> members = new LinkedHashMap<>();
    for (TaskNode t : s.tasks()) {
      String box = t.taskId();
      for (String g : t.groups()) {
        if (!expanded.contains(g)) {
          box = g;
          break;
        }
      }
      boxOf.put(t.taskId(), box);
      members.computeIfAbsent(box, k -> new ArrayList<>()).add(t.taskId());
    }
    for (Map.Entry<String, List<String>> e : members.entrySet()) {
      boolean group = !(e.getValue().size() == 1 && e.getValue().getFirst().equals(e.getKey()));
      boxes.put(e.getKey(), new Box(e.getKey(), group, List.copyOf(e.getValue())));
      upstream.put(e.getKey(), new LinkedHashSet<>());
    }
    for (TaskNode t : s.tasks()) {
      String to = boxOf.get(t.taskId());
      for (String up : t.upstream()) {
        String from = boxOf.get(up);
        if (from != null && !from.equals(to)) {
          upstream.get(to).add(from);
        }
      }
    }
  }

  /** The boxes, in the order their first task comes in the DAG. */
  List<Box> boxes() {
    return List.copyOf(boxes.values());
  }

  Set<String> upstreamOf(String boxId) {
    return upstream.get(boxId);
  }

  /**
   * Each box's layer: one more than its deepest upstream box. Folding can make a loop (a group
   * whose tasks wait for a task that waits for the group), so the longest path is relaxed at most
   * once per box rather than followed to its end.
   */
  Map<String, Integer> layers() {
    Map<String, Integer> layer = new HashMap<>();
    boxes.keySet().forEach(id -> layer.put(id, 0));
    for (int round = 0; round < boxes.size(); round++) {
      boolean changed = false;
      for (String id : boxes.keySet()) {
        int depth = 0;
        for (String up : upstream.get(id)) {
          depth = Math.max(depth, layer.get(up) + 1);
        }
        if (depth > layer.get(id) && depth < boxes.size()) {
          layer.put(id, depth);
          changed = true;
        }
      }
      if (!changed) {
        break;
      }
    }
    return layer;
  }
}

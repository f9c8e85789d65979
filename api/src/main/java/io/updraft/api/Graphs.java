package io.updraft.api;

import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.TaskNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Shapes of a DAG's task graph for display: downstream lists and layers. */
final class Graphs {
  private Graphs() {}

  /** Each task's direct downstream tasks, in the DAG's order. */
  static Map<String, List<String>> downstream(DagStructure s) {
    Map<String, List<String>> down = new LinkedHashMap<>();
    s.tasks().forEach(t -> down.put(t.taskId(), new ArrayList<>()));
    for (TaskNode t : s.tasks()) {
      for (String up : t.upstream()) {
        down.computeIfAbsent(up, k -> new ArrayList<>()).add(t.taskId());
      }
    }
    return down;
  }

  /**
   * Each task's layer: 0 for tasks without upstream, else one more than its deepest upstream. Tasks
   * are stored in topological order, so one pass is enough.
   */
  static Map<String, Integer> layers(DagStructure s) {
    Map<String, Integer> layer = new HashMap<>();
    for (TaskNode t : s.tasks()) {
      int depth = 0;
      for (String up : t.upstream()) {
        depth = Math.max(depth, layer.getOrDefault(up, 0) + 1);
      }
      layer.put(t.taskId(), depth);
    }
    return layer;
  }
}

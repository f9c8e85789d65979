package io.updraft.api;

import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.TaskNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The grid's rows in the order Airflow's grid shows them: a task group's row where its first task
 * would be, its tasks and inner groups right under it (each in the DAG's order), then the rest.
 */
final class GroupedRows {
  /**
   * One row: a task, or a group (its id in {@code id}) with every task inside it, at any depth, in
   * {@code members}.
   *
   * @param parent the group the row is shown under (null at the top)
   * @param depth how many groups it is in
   */
  record Item(String id, boolean group, String parent, int depth, List<String> members) {
    /** What the row's heading says: a grouped row's own name, without its groups' prefix. */
    String label() {
      return parent == null ? id : id.substring(parent.length() + 1);
    }
  }

  private final List<TaskNode> tasks;
  private final Map<String, List<String>> members = new LinkedHashMap<>();
  private final Set<String> emitted = new HashSet<>();
  private final List<Item> items = new ArrayList<>();

  private GroupedRows(DagStructure s) {
    this.tasks = s.tasks();
    for (TaskNode t : tasks) {
      for (String g : t.groups()) {
        members.computeIfAbsent(g, k -> new ArrayList<>()).add(t.taskId());
      }
    }
  }

  static List<Item> of(DagStructure s) {
    GroupedRows rows = new GroupedRows(s);
    if (rows.members.isEmpty()) {
      return s.tasks().stream().map(t -> new Item(t.taskId(), false, null, 0, List.of())).toList();
    }
    for (TaskNode t : rows.tasks) {
      if (t.group() == null) {
        rows.items.add(new Item(t.taskId(), false, null, 0, List.of()));
      } else {
        rows.emitGroup(t.groups().getFirst(), null, 0);
      }
    }
    return List.copyOf(rows.items);
  }

  private void emitGroup(String group, String parent, int depth) {
    if (!emitted.add(group)) {
      return;
    }
    items.add(new Item(group, true, parent, depth, List.copyOf(members.get(group))));
    for (TaskNode t : tasks) {
      List<String> chain = t.groups();
      int at = chain.indexOf(group);
      if (at < 0) {
        continue;
      }
      if (at == chain.size() - 1) {
        items.add(new Item(t.taskId(), false, group, depth + 1, List.of()));
      } else {
        emitGroup(chain.get(at + 1), group, depth + 1);
      }
    }
  }
}

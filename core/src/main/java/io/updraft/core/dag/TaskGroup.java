package io.updraft.core.dag;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Tasks grouped under one id, as Airflow's {@code TaskGroup}: each task's id gets the group's as a
 * prefix ({@code extract.orders}), groups nest ({@code extract.eu.orders}), and a dependency on the
 * group is one on its last tasks, a group's own upstream tasks those of its first.
 *
 * <pre>{@code
 * Dag.builder("etl")
 *     .task(Task.java("start", ctx -> null))
 *     .group(TaskGroup.of("extract").after("start")
 *         .task(Task.java("orders", ctx -> fetch("orders")))
 *         .task(Task.java("customers", ctx -> fetch("customers")).after("orders")))
 *     .task(Task.java("load", ctx -> null).after("extract"))   // after extract.customers
 *     .build();
 * }</pre>
 *
 * <p>Inside a group, an id names a task or group of the same group first, then of the groups around
 * it, then of the DAG: {@code after("orders")} above is {@code after("extract.orders")}.
 */
public final class TaskGroup {
  private final String id;
  private final List<Task> tasks = new ArrayList<>();
  private final List<TaskGroup> groups = new ArrayList<>();
  private final Set<String> upstream = new LinkedHashSet<>();

  private TaskGroup(String id) {
    if (id == null || !TaskValidator.ID.matcher(id).matches() || id.contains(".")) {
      throw new IllegalArgumentException(
          "Invalid task group id '"
              + id
              + "': use letters, digits, '_' and '-' (a '.' joins a group's id to its tasks')");
    }
    this.id = id;
  }

  public static TaskGroup of(String id) {
    return new TaskGroup(id);
  }

  public String id() {
    return id;
  }

  public TaskGroup task(Task task) {
    tasks.add(task);
    return this;
  }

  /** A group inside this one: its ids get both prefixes. */
  public TaskGroup group(TaskGroup inner) {
    groups.add(inner);
    return this;
  }

  /** The group's first tasks (those with no upstream task inside it) run after these. */
  public TaskGroup after(String... upstreamIds) {
    upstream.addAll(Arrays.asList(upstreamIds));
    return this;
  }

  /**
   * The group's tasks with their full ids, under {@code prefix} (empty at the DAG's level), and
   * each ids' upstream ids resolved: {@code outer} resolves what this group does not name. Also
   * records each group's last tasks under its full id in {@code leavesByGroup}.
   */
  List<Task> flatten(
      String prefix, UnaryOperator<String> outer, Map<String, Set<String>> leavesByGroup) {
    String full = prefix + id;
    Set<String> localTasks = new HashSet<>();
    tasks.forEach(t -> localTasks.add(t.id()));
    Map<String, String> localGroups = new LinkedHashMap<>();
    groups.forEach(g -> localGroups.put(g.id(), full + "." + g.id()));
    // A name inside this group: a task of it, a group of it (its last tasks are looked up once
    // every group was flattened), else the groups around it decide.
    UnaryOperator<String> resolve =
        name ->
            localTasks.contains(name)
                ? full + "." + name
                : localGroups.containsKey(name) ? localGroups.get(name) : outer.apply(name);
    List<Task> flat = new ArrayList<>();
    for (Task t : tasks) {
      flat.add(renamed(t, full + "." + t.id(), full, resolve));
    }
    for (TaskGroup g : groups) {
      flat.addAll(g.flatten(full + ".", resolve, leavesByGroup));
    }
    // The first tasks wait for the group's own upstream tasks.
    Set<String> groupUpstream = new LinkedHashSet<>();
    upstream.forEach(u -> groupUpstream.add(outer.apply(u)));
    List<Task> placed = new ArrayList<>();
    Set<String> upstreamInside = new HashSet<>();
    for (Task t : flat) {
      boolean first = t.upstream().stream().noneMatch(u -> u.startsWith(full + "."));
      if (first && !groupUpstream.isEmpty()) {
        Set<String> all = new LinkedHashSet<>(t.upstream());
        all.addAll(groupUpstream);
        placed.add(withUpstream(t, all));
      } else {
        placed.add(t);
      }
      t.upstream().forEach(upstreamInside::add);
    }
    Set<String> leaves = new LinkedHashSet<>();
    for (Task t : flat) {
      if (!upstreamInside.contains(t.id()) && !coveredByInnerGroup(t.id(), upstreamInside, full)) {
        leaves.add(t.id());
      }
    }
    leavesByGroup.put(full, leaves);
    return placed;
  }

  /** Whether some task of the group waits for the inner group this task is one of the last of. */
  private static boolean coveredByInnerGroup(
      String taskId, Set<String> upstreamInside, String full) {
    for (String u : upstreamInside) {
      if (u.startsWith(full + ".") && taskId.startsWith(u + ".")) {
        return true;
      }
    }
    return false;
  }

  /** {@code tasks}, each dependency on a group replaced by ones on the group's last tasks. */
  static List<Task> dependenciesOnGroupsResolved(
      List<Task> tasks, Map<String, Set<String>> leavesByGroup) {
    if (leavesByGroup.isEmpty()) {
      return tasks;
    }
    List<Task> resolved = new ArrayList<>(tasks.size());
    for (Task t : tasks) {
      Set<String> upstream = new LinkedHashSet<>();
      for (String u : t.upstream()) {
        upstream.addAll(leavesByGroup.getOrDefault(u, Set.of(u)));
      }
      resolved.add(upstream.equals(t.upstream()) ? t : withUpstream(t, upstream));
    }
    return resolved;
  }

  /**
   * {@code t} under another id, with its upstream ids and the task it expands over renamed by
   * {@code rename}: how a group gives its tasks their full ids. A task not yet in a group joins
   * {@code groupId} (a task of an inner group stays in that one).
   */
  private static Task renamed(Task t, String newId, String groupId, UnaryOperator<String> rename) {
    Set<String> renamedUpstream = new LinkedHashSet<>();
    t.upstream().forEach(u -> renamedUpstream.add(rename.apply(u)));
    TaskMapping mapping = t.mapping();
    TaskMapping renamedMapping =
        mapping == null || mapping.upstreamTaskId() == null
            ? mapping
            : TaskMapping.overXCom(rename.apply(mapping.upstreamTaskId()));
    TaskCopy c = new TaskCopy(t).upstream(renamedUpstream).mapping(renamedMapping);
    if (t.group() == null) {
      c.group = groupId;
    }
    c.id = newId;
    return c.build();
  }

  /** {@code t} with these upstream ids instead of its own. */
  private static Task withUpstream(Task t, Set<String> ids) {
    return new TaskCopy(t).upstream(ids).build();
  }
}

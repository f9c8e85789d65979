package io.updraft.core.dag;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.regex.Pattern;

/** The checks a DAG must pass before it exists. */
final class DagValidator {
  private static final Pattern DAG_ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,249}");

  private DagValidator() {}

  static List<String> checkSettings(String dagId, int defaultRetries) {
    List<String> problems = new ArrayList<>();
    if (dagId == null || !DAG_ID.matcher(dagId).matches()) {
      problems.add(
          "the DAG id must use letters, digits, '_', '.' and '-' (at most 250 characters)");
    }
    if (defaultRetries < 0) {
      problems.add("default retries must be >= 0, got " + defaultRetries);
    }
    return problems;
  }

  static List<String> unknownUpstream(Map<String, Task> byId) {
    List<String> problems = new ArrayList<>();
    for (Task t : byId.values()) {
      for (String up : t.upstream().stream().sorted().toList()) {
        if (!byId.containsKey(up)) {
          problems.add(
              "task '" + t.id() + "' depends on '" + up + "', which is not a task of this DAG");
        }
      }
    }
    return problems;
  }

  /**
   * A teardown keeps its own rule, and only a teardown has it: otherwise cleanup would not run
   * after failed work, or an ordinary task would wait for setups it does not have (Airflow refuses
   * both).
   */
  static List<String> setupTeardownRules(Map<String, Task> byId) {
    List<String> problems = new ArrayList<>();
    for (Task t : byId.values()) {
      boolean teardown = t.role() == TaskRole.TEARDOWN;
      boolean teardownRule = t.triggerRule() == TriggerRule.ALL_DONE_SETUP_SUCCESS;
      if (teardown && !teardownRule) {
        problems.add(
            "teardown task '"
                + t.id()
                + "' has trigger rule "
                + t.triggerRule().wireName()
                + ": a teardown runs with all_done_setup_success; leave its rule alone");
      } else if (!teardown && teardownRule) {
        problems.add(
            "task '"
                + t.id()
                + "' has trigger rule all_done_setup_success, which is a teardown's: mark it"
                + " with asTeardown(setupIds...) or use all_done");
      }
    }
    return problems;
  }

  /** The first cycle found, as a path that starts and ends with the same task. */
  static Optional<List<String>> findCycle(Map<String, Task> byId) {
    Set<String> done = new HashSet<>();
    for (String start : byId.keySet()) {
      Optional<List<String>> cycle = walk(start, byId, done, new ArrayDeque<>(), new HashSet<>());
      if (cycle.isPresent()) {
        // The walk follows edges upstream; read it the other way so the path follows the arrows.
        return Optional.of(cycle.get().reversed());
      }
    }
    return Optional.empty();
  }

  private static Optional<List<String>> walk(
      String taskId,
      Map<String, Task> byId,
      Set<String> done,
      Deque<String> path,
      Set<String> onPath) {
    if (done.contains(taskId)) {
      return Optional.empty();
    }
    if (onPath.contains(taskId)) {
      List<String> cycle = new ArrayList<>();
      boolean inCycle = false;
      for (String step : path) {
        inCycle |= step.equals(taskId);
        if (inCycle) {
          cycle.add(step);
        }
      }
      cycle.add(taskId);
      return Optional.of(cycle);
    }
    path.addLast(taskId);
    onPath.add(taskId);
    for (String up : byId.get(taskId).upstream().stream().sorted().toList()) {
      Optional<List<String>> cycle = walk(up, byId, done, path, onPath);
      if (cycle.isPresent()) {
        return cycle;
      }
    }
    path.removeLast();
    onPath.remove(taskId);
    done.add(taskId);
    return Optional.empty();
  }

  /** Kahn's algorithm, stable: among ready tasks, the one added first comes first. */
  static Map<String, Task> topologicalOrder(Map<String, Task> byId) {
    Map<String, Integer> position = new HashMap<>();
    Map<String, Integer> waiting = new HashMap<>();
    Map<String, List<String>> downstream = new HashMap<>();
    for (Task t : byId.values()) {
      position.put(t.id(), position.size());
      waiting.put(t.id(), t.upstream().size());
      for (String up : t.upstream()) {
        downstream.computeIfAbsent(up, k -> new ArrayList<>()).add(t.id());
      }
    }
    PriorityQueue<String> ready = new PriorityQueue<>(Comparator.comparing(position::get));
    waiting.forEach(
        (taskId, count) -> {
          if (count == 0) {
            ready.add(taskId);
          }
        });
    Map<String, Task> ordered = new LinkedHashMap<>();
    while (!ready.isEmpty()) {
      String taskId = ready.poll();
      ordered.put(taskId, byId.get(taskId));
      for (String down : downstream.getOrDefault(taskId, List.of())) {
        if (waiting.merge(down, -1, Integer::sum) == 0) {
          ready.add(down);
        }
      }
    }
    return ordered;
  }
}

package io.updraft.worker;

import io.updraft.core.json.Json;
import io.updraft.core.run.XComStore;
import io.updraft.core.state.TaskState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * How a test run of a DAG ended: each task's state, tries, duration and XCom values.
 *
 * @param tasks in the order they were decided
 * @param teardowns the ids of the teardown tasks, whose outcome does not decide the run's
 */
public record DagTestResult(String dagId, List<TaskResult> tasks, Set<String> teardowns) {
  public DagTestResult {
    tasks = List.copyOf(tasks);
    teardowns = Set.copyOf(teardowns);
  }

  public DagTestResult(String dagId, List<TaskResult> tasks) {
    this(dagId, tasks, Set.of());
  }

  /**
   * One task of the run.
   *
   * @param tries how many times it ran (0 when it was skipped or never became ready)
   * @param xcom the values it pushed, by key, as JSON ({@code return_value} for its return value)
   */
  public record TaskResult(
      String taskId, TaskState state, int tries, Duration duration, Map<String, String> xcom) {
    public TaskResult {
      xcom = Map.copyOf(xcom);
    }
  }

  /**
   * True when no task failed: every task succeeded or was skipped, teardown tasks aside (their
   * outcome does not decide a run's, as in a scheduled run).
   */
  public boolean succeeded() {
    return tasks.stream()
        .filter(t -> !teardowns.contains(t.taskId()))
        .allMatch(t -> t.state() == TaskState.SUCCESS || t.state() == TaskState.SKIPPED);
  }

  public TaskResult task(String taskId) {
    return tasks.stream()
        .filter(t -> t.taskId().equals(taskId))
        .findFirst()
        .orElseThrow(
            () ->
                new NoSuchElementException("No task '" + taskId + "' in the test run of " + dagId));
  }

  public TaskState state(String taskId) {
    return task(taskId).state();
  }

  /** The task's return value read from its JSON, or null when it returned nothing. */
  public Object xcom(String taskId) {
    return xcom(taskId, XComStore.RETURN_VALUE);
  }

  /** The value the task pushed under {@code key}, read from its JSON, or null. */
  public Object xcom(String taskId, String key) {
    String json = task(taskId).xcom().get(key);
    return json == null ? null : Json.read(json, Object.class);
  }
}

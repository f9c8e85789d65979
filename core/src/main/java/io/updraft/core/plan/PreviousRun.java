package io.updraft.core.plan;

import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.TaskState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The states of a DAG's previous run (by logical date), each task's instances' states by task id:
 * what a task that depends on the past ({@link io.updraft.core.dag.TaskNode#pastDependency}) is
 * planned with. {@link #NONE} for a first run, or a DAG whose tasks do not depend on the past.
 */
public record PreviousRun(Map<String, List<TaskState>> statesByTask) {
  /** No previous run: a task that depends on the past goes, as in Airflow's first run. */
  public static final PreviousRun NONE = new PreviousRun(Map.of());

  public PreviousRun {
    statesByTask = Map.copyOf(statesByTask);
  }

  public static PreviousRun of(List<TaskInstance> instances) {
    Map<String, List<TaskState>> states = new HashMap<>();
    for (TaskInstance ti : instances) {
      states.computeIfAbsent(ti.taskId(), k -> new ArrayList<>()).add(ti.state());
    }
    states.replaceAll((k, v) -> List.copyOf(v));
    return new PreviousRun(states);
  }

  /** The states of the task's instances in that run; empty when the run did not have the task. */
  public List<TaskState> statesOf(String taskId) {
    return statesByTask.getOrDefault(taskId, List.of());
  }
}

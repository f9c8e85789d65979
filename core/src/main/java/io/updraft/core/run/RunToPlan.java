package io.updraft.core.run;

import io.updraft.core.state.TaskState;
import java.util.Map;

/**
 * A run an event asks to plan, with what deciding whether and how to plan it takes, read with it.
 *
 * @param dagVersion the version hash of the run's DAG as stored now (not necessarily the run's)
 * @param dagPaused whether the DAG is paused now
 * @param counts how many of the run's task instances are in each state (states with none left out)
 */
public record RunToPlan(
    DagRun run, String dagVersion, boolean dagPaused, Map<TaskState, Integer> counts) {
  public RunToPlan {
    counts = Map.copyOf(counts);
  }
}

package io.updraft.core.dag;

import io.updraft.core.state.RunState;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a {@link RunCallback} is told about the run that finished.
 *
 * @param state the run's final state, success or failed
 * @param failedTaskIds the tasks that failed (or were failed upstream) in the run, in no order
 */
public record RunCallbackContext(
    String dagId,
    String runId,
    Instant logicalDate,
    RunState state,
    Map<String, Object> conf,
    List<String> failedTaskIds) {

  public RunCallbackContext {
    conf = conf == null ? Map.of() : conf;
    failedTaskIds = failedTaskIds == null ? List.of() : List.copyOf(failedTaskIds);
  }
}

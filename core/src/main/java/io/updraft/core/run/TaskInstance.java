package io.updraft.core.run;

import io.updraft.core.state.TaskState;
import java.time.Instant;

/** One task of one run: its current state and try. */
public record TaskInstance(
    long id,
    long dagRunId,
    String dagId,
    String runId,
    String taskId,
    TaskState state,
    int tryNumber,
    int maxTries,
    String queue,
    String pool,
    int priorityWeight,
    String worker,
    Instant queuedAt,
    Instant startDate,
    Instant endDate,
    Instant heartbeatAt,
    Instant nextTryAt) {

  /** This instance as it is once {@code change} applied: what a planner must see next. */
  public TaskInstance after(TaskChange change) {
    return new TaskInstance(
        id,
        dagRunId,
        dagId,
        runId,
        taskId,
        change.to(),
        change.resultingTryNumber(),
        maxTries,
        queue,
        pool,
        priorityWeight,
        worker,
        queuedAt,
        startDate,
        endDate,
        heartbeatAt,
        change.nextTryAt());
  }
}

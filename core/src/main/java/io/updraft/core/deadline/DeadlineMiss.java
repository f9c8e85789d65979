package io.updraft.core.deadline;

import java.time.Instant;

/**
 * A run, or one task of it, not done by its {@link Deadline}: recorded once, by the scheduler that
 * saw it first.
 *
 * @param taskId the task that missed its deadline, or null when the run itself did
 * @param deadline when it was due
 * @param detectedAt when a scheduler saw it still not done
 */
public record DeadlineMiss(
    long dagRunId,
    String dagId,
    String runId,
    String taskId,
    Instant deadline,
    Instant detectedAt) {

  /** What missed, for logs and notifications: "run r1 of etl" or "task load of run r1 of etl". */
  public String describe() {
    String run = "run " + runId + " of " + dagId;
    return taskId == null ? run : "task " + taskId + " of " + run;
  }
}

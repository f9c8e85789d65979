package io.updraft.core.queue;

import io.updraft.core.run.TaskInstance;

/**
 * What travels through the queue: which try of which task instance to run. The database row is the
 * truth; a message only says "look at this row".
 */
public record TaskMessage(
    long taskInstanceId, int tryNumber, String dagId, String runId, String taskId, String queue) {

  /** The message for a task instance as it was queued. */
  public static TaskMessage of(TaskInstance ti) {
    return new TaskMessage(
        ti.id(), ti.tryNumber(), ti.dagId(), ti.runId(), ti.taskId(), ti.queue());
  }
}

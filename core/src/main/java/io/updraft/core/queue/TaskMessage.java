package io.updraft.core.queue;

import io.updraft.core.run.TaskInstance;

/**
 * What travels through the queue: which try of which task instance to run. The database row is the
 * truth; a message only says "look at this row". {@code rootOfPartialRun} marks a root task of a
 * run committed with its root task instances only ({@code RunTrigger}): the worker that claims it
 * adds the run's other task instances, and no other message costs the worker that look.
 */
public record TaskMessage(
    long taskInstanceId,
    int tryNumber,
    String dagId,
    String runId,
    String taskId,
    String queue,
    boolean rootOfPartialRun) {

  public TaskMessage(
      long taskInstanceId, int tryNumber, String dagId, String runId, String taskId, String queue) {
    this(taskInstanceId, tryNumber, dagId, runId, taskId, queue, false);
  }

  /** The message for a task instance as it was queued. */
  public static TaskMessage of(TaskInstance ti) {
    return new TaskMessage(
        ti.id(), ti.tryNumber(), ti.dagId(), ti.runId(), ti.taskId(), ti.queue());
  }

  /** The message for a root task queued in the commit that created its run, without the others. */
  public static TaskMessage ofPartialRunRoot(TaskInstance ti) {
    return new TaskMessage(
        ti.id(), ti.tryNumber(), ti.dagId(), ti.runId(), ti.taskId(), ti.queue(), true);
  }
}

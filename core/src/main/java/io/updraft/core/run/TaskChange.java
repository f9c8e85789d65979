package io.updraft.core.run;

import io.updraft.core.state.TaskState;
import io.updraft.core.state.TaskTransitions;
import java.time.Instant;

/**
 * A fenced change of one task instance's state: it applies only while the row still has {@code
 * tryNumber} and {@code from}, so a late or duplicate actor changes nothing.
 *
 * @param startsNextTry the change begins a new try (from up_for_retry): the try number goes up
 * @param nextTryAt when an up_for_retry or up_for_reschedule task may run again, else null
 * @param worker the worker that takes the task (for running), else null
 */
public record TaskChange(
    long taskInstanceId,
    int tryNumber,
    TaskState from,
    TaskState to,
    Instant at,
    boolean startsNextTry,
    Instant nextTryAt,
    String worker) {

  public TaskChange {
    TaskTransitions.check(from, to);
  }

  public static TaskChange of(TaskInstance ti, TaskState to, Instant at) {
    return new TaskChange(ti.id(), ti.tryNumber(), ti.state(), to, at, false, null, null);
  }

  /** A plain fenced change: no new try, no retry time, no worker. */
  public static TaskChange fenced(
      long taskInstanceId, int tryNumber, TaskState from, TaskState to, Instant at) {
    return new TaskChange(taskInstanceId, tryNumber, from, to, at, false, null, null);
  }

  /** A worker's claim of a queued try: {@code queued → running}, naming the worker. */
  public static TaskChange claim(long taskInstanceId, int tryNumber, String worker, Instant at) {
    return new TaskChange(
        taskInstanceId, tryNumber, TaskState.QUEUED, TaskState.RUNNING, at, false, null, worker);
  }

  /**
   * The end of a running try: {@code running → to}, with when it may run again for up_for_retry and
   * up_for_reschedule (else null).
   */
  public static TaskChange outcome(
      long taskInstanceId, int tryNumber, TaskState to, Instant at, Instant nextTryAt) {
    return new TaskChange(
        taskInstanceId, tryNumber, TaskState.RUNNING, to, at, false, nextTryAt, null);
  }

  /** Queues the task; one up for retry starts its next try. */
  public static TaskChange queue(TaskInstance ti, Instant at) {
    return new TaskChange(
        ti.id(),
        ti.tryNumber(),
        ti.state(),
        TaskState.QUEUED,
        at,
        ti.state() == TaskState.UP_FOR_RETRY,
        null,
        null);
  }

  /** A user's clear: back to none, with a new try when the task had run ({@code newTry}). */
  public static TaskChange clear(TaskInstance ti, Instant at, boolean newTry) {
    return new TaskChange(
        ti.id(), ti.tryNumber(), ti.state(), TaskState.NONE, at, newTry, null, null);
  }

  /** The try number the row has once the change applied. */
  public int resultingTryNumber() {
    return startsNextTry ? tryNumber + 1 : tryNumber;
  }
}

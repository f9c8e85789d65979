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

  /** The try number the row has once the change applied. */
  public int resultingTryNumber() {
    return startsNextTry ? tryNumber + 1 : tryNumber;
  }
}

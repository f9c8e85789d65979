package io.updraft.core.testdata;

import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.TaskState;
import java.time.Instant;

/**
 * Test task changes by name instead of by position. {@code from} and {@code to} are required; the
 * change keeps its try, has no next try time and no worker unless set.
 */
public final class TaskChangeBuilder {
  private final long taskInstanceId;
  private final int tryNumber;
  private TaskState from;
  private TaskState to;
  private Instant at;
  private boolean startsNextTry;
  private Instant nextTryAt;
  private String worker;

  private TaskChangeBuilder(long taskInstanceId, int tryNumber) {
    this.taskInstanceId = taskInstanceId;
    this.tryNumber = tryNumber;
  }

  /** A change fenced on this task instance and try. */
  public static TaskChangeBuilder aChange(long taskInstanceId, int tryNumber) {
    return new TaskChangeBuilder(taskInstanceId, tryNumber);
  }

  /** A change fenced on the instance as it is now: its id, try and state. */
  public static TaskChangeBuilder aChangeOf(TaskInstance ti) {
    return aChange(ti.id(), ti.tryNumber()).from(ti.state());
  }

  public TaskChangeBuilder from(TaskState value) {
    from = value;
    return this;
  }

  public TaskChangeBuilder to(TaskState value) {
    to = value;
    return this;
  }

  public TaskChangeBuilder at(Instant value) {
    at = value;
    return this;
  }

  /** The change begins the next try: the try number goes up. */
  public TaskChangeBuilder startingNextTry() {
    startsNextTry = true;
    return this;
  }

  public TaskChangeBuilder nextTryAt(Instant value) {
    nextTryAt = value;
    return this;
  }

  public TaskChangeBuilder worker(String value) {
    worker = value;
    return this;
  }

  public TaskChange build() {
    return new TaskChange(
        taskInstanceId, tryNumber, from, to, at, startsNextTry, nextTryAt, worker);
  }
}

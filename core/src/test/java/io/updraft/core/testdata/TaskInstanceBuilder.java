package io.updraft.core.testdata;

import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.TaskState;
import java.time.Instant;

/**
 * Test task instances by name instead of by position: a new task instance of run {@code r} (id 7)
 * of DAG {@code etl}, first try of one, in the default queue and pool; set only what the test is
 * about.
 */
public final class TaskInstanceBuilder {
  private long id = 1;
  private long dagRunId = 7;
  private String dagId = "etl";
  private String runId = "r";
  private final String taskId;
  private TaskState state = TaskState.NONE;
  private int tryNumber = 1;
  private int maxTries = 1;
  private String queue = "default";
  private String pool = "default_pool";
  private int priorityWeight = 1;
  private String worker;
  private Instant queuedAt;
  private Instant startDate;
  private Instant endDate;
  private Instant heartbeatAt;
  private Instant nextTryAt;

  private TaskInstanceBuilder(String taskId) {
    this.taskId = taskId;
  }

  public static TaskInstanceBuilder aTaskInstance(String taskId) {
    return new TaskInstanceBuilder(taskId);
  }

  public TaskInstanceBuilder id(long value) {
    id = value;
    return this;
  }

  public TaskInstanceBuilder dagRunId(long value) {
    dagRunId = value;
    return this;
  }

  public TaskInstanceBuilder dagId(String value) {
    dagId = value;
    return this;
  }

  public TaskInstanceBuilder runId(String value) {
    runId = value;
    return this;
  }

  public TaskInstanceBuilder state(TaskState value) {
    state = value;
    return this;
  }

  public TaskInstanceBuilder tryNumber(int value) {
    tryNumber = value;
    return this;
  }

  public TaskInstanceBuilder maxTries(int value) {
    maxTries = value;
    return this;
  }

  public TaskInstanceBuilder queue(String value) {
    queue = value;
    return this;
  }

  public TaskInstanceBuilder pool(String value) {
    pool = value;
    return this;
  }

  public TaskInstanceBuilder priorityWeight(int value) {
    priorityWeight = value;
    return this;
  }

  public TaskInstanceBuilder worker(String value) {
    worker = value;
    return this;
  }

  public TaskInstanceBuilder queuedAt(Instant value) {
    queuedAt = value;
    return this;
  }

  public TaskInstanceBuilder startDate(Instant value) {
    startDate = value;
    return this;
  }

  public TaskInstanceBuilder endDate(Instant value) {
    endDate = value;
    return this;
  }

  public TaskInstanceBuilder heartbeatAt(Instant value) {
    heartbeatAt = value;
    return this;
  }

  public TaskInstanceBuilder nextTryAt(Instant value) {
    nextTryAt = value;
    return this;
  }

  public TaskInstance build() {
    return new TaskInstance(
        id,
        dagRunId,
        dagId,
        runId,
        taskId,
        state,
        tryNumber,
        maxTries,
        queue,
        pool,
        priorityWeight,
        worker,
        queuedAt,
        startDate,
        endDate,
        heartbeatAt,
        nextTryAt);
  }
}

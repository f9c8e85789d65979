package io.updraft.core.run;

import io.updraft.core.state.TaskState;
import java.time.Instant;

/**
 * One task of one run (one of a mapped task's instances): its current state and try.
 *
 * @param mapIndex the instance's position among a mapped task's instances, from 0; -1 for an
 *     unmapped task, and for a mapped task's one instance before it is expanded
 */
public record TaskInstance(
    long id,
    long dagRunId,
    String dagId,
    String runId,
    String taskId,
    int mapIndex,
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
    return toBuilder()
        .state(change.to())
        .tryNumber(change.resultingTryNumber())
        .nextTryAt(change.nextTryAt())
        .build();
  }

  /**
   * A task instance by name instead of by position (seventeen fields, nine of them of the same two
   * types): instance {@code id} of task {@code taskId}, first try of one, priority weight one.
   */
  public static Builder builder(long id, String taskId) {
    return new Builder(id, taskId);
  }

  /** A builder holding this instance's fields, to change some of them. */
  public Builder toBuilder() {
    return new Builder(id, taskId)
        .dagRunId(dagRunId)
        .dagId(dagId)
        .runId(runId)
        .mapIndex(mapIndex)
        .state(state)
        .tryNumber(tryNumber)
        .maxTries(maxTries)
        .queue(queue)
        .pool(pool)
        .priorityWeight(priorityWeight)
        .worker(worker)
        .queuedAt(queuedAt)
        .startDate(startDate)
        .endDate(endDate)
        .heartbeatAt(heartbeatAt)
        .nextTryAt(nextTryAt);
  }

  /** The fields of a {@link TaskInstance}, each set by name. */
  public static final class Builder {
    private long id;
    private long dagRunId;
    private String dagId;
    private String runId;
    private final String taskId;
    private int mapIndex = -1;
    private TaskState state = TaskState.NONE;
    private int tryNumber = 1;
    private int maxTries = 1;
    private String queue;
    private String pool;
    private int priorityWeight = 1;
    private String worker;
    private Instant queuedAt;
    private Instant startDate;
    private Instant endDate;
    private Instant heartbeatAt;
    private Instant nextTryAt;

    private Builder(long id, String taskId) {
      this.id = id;
      this.taskId = taskId;
    }

    public Builder id(long value) {
      id = value;
      return this;
    }

    public Builder dagRunId(long value) {
      dagRunId = value;
      return this;
    }

    public Builder dagId(String value) {
      dagId = value;
      return this;
    }

    public Builder runId(String value) {
      runId = value;
      return this;
    }

    public Builder mapIndex(int value) {
      mapIndex = value;
      return this;
    }

    public Builder state(TaskState value) {
      state = value;
      return this;
    }

    public Builder tryNumber(int value) {
      tryNumber = value;
      return this;
    }

    public Builder maxTries(int value) {
      maxTries = value;
      return this;
    }

    public Builder queue(String value) {
      queue = value;
      return this;
    }

    public Builder pool(String value) {
      pool = value;
      return this;
    }

    public Builder priorityWeight(int value) {
      priorityWeight = value;
      return this;
    }

    public Builder worker(String value) {
      worker = value;
      return this;
    }

    public Builder queuedAt(Instant value) {
      queuedAt = value;
      return this;
    }

    public Builder startDate(Instant value) {
      startDate = value;
      return this;
    }

    public Builder endDate(Instant value) {
      endDate = value;
      return this;
    }

    public Builder heartbeatAt(Instant value) {
      heartbeatAt = value;
      return this;
    }

    public Builder nextTryAt(Instant value) {
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
          mapIndex,
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
}

package io.updraft.core.testdata;

import io.updraft.core.run.TaskInstance;

/**
 * Test task instances: a new task instance (id 1) of run {@code r} (id 7) of DAG {@code etl}, first
 * try of one, in the default queue and pool; set only what the test is about.
 */
public final class TaskInstanceBuilder {
  private TaskInstanceBuilder() {}

  public static TaskInstance.Builder aTaskInstance(String taskId) {
    return TaskInstance.builder(1, taskId)
        .dagRunId(7)
        .dagId("etl")
        .runId("r")
        .queue("default")
        .pool("default_pool");
  }
}

package io.updraft.core.run;

import java.util.Optional;

/**
 * Small values that tasks pass to each other, as JSON, per run, task instance and key. Each
 * instance of a mapped task stores its own values; reading the task's key reads them all, as one
 * JSON list in map index order (Airflow's pull of a mapped task).
 */
public interface XComStore {
  /** The key under which a task's return value is stored. */
  String RETURN_VALUE = "return_value";

  /** Stores a value of an unmapped task that holds no secret. */
  default void put(long dagRunId, String taskId, String key, String json) {
    put(dagRunId, taskId, -1, key, json, null);
  }

  /**
   * Stores a value of instance {@code mapIndex} (-1: the task is not mapped), replacing an earlier
   * one under the same key. {@code maskedJson} is what viewers see instead when the value holds a
   * secret (null when it holds none); tasks that pull the value get {@code json}.
   */
  void put(long dagRunId, String taskId, int mapIndex, String key, String json, String maskedJson);

  /**
   * The value of an unmapped task, or the values of a mapped task's instances as one JSON list in
   * map index order; empty when there is none.
   */
  Optional<String> get(long dagRunId, String taskId, String key);
}

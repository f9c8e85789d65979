package io.updraft.core.run;

import java.util.Optional;

/** Small values that tasks pass to each other, as JSON, per run, task and key. */
public interface XComStore {
  /** The key under which a task's return value is stored. */
  String RETURN_VALUE = "return_value";

  /** Stores a value that holds no secret. */
  default void put(long dagRunId, String taskId, String key, String json) {
    put(dagRunId, taskId, key, json, null);
  }

  /**
   * Stores a value, replacing an earlier one under the same key. {@code maskedJson} is what viewers
   * see instead when the value holds a secret (null when it holds none); tasks that pull the value
   * get {@code json}.
   */
  void put(long dagRunId, String taskId, String key, String json, String maskedJson);

  Optional<String> get(long dagRunId, String taskId, String key);
}

package io.updraft.core.run;

import java.util.Optional;

/** Small values that tasks pass to each other, as JSON, per run, task and key. */
public interface XComStore {
  /** The key under which a task's return value is stored. */
  String RETURN_VALUE = "return_value";

  void put(long dagRunId, String taskId, String key, String json);

  Optional<String> get(long dagRunId, String taskId, String key);
}

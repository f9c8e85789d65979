package io.updraft.worker;

import io.updraft.core.run.XComStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** XCom of a test run, kept in memory: a test run writes nothing to the metastore. */
final class InMemoryXComStore implements XComStore {
  private final Map<String, String> values = new ConcurrentHashMap<>();

  @Override
  public void put(long dagRunId, String taskId, String key, String json, String maskedJson) {
    values.put(taskId + "\u0000" + key, json);
  }

  @Override
  public Optional<String> get(long dagRunId, String taskId, String key) {
    return Optional.ofNullable(values.get(taskId + "\u0000" + key));
  }

  /** The JSON values a task pushed, by key. */
  Map<String, String> of(String taskId) {
    Map<String, String> pushed = new LinkedHashMap<>();
    String prefix = taskId + "\u0000";
    values.forEach(
        (k, v) -> {
          if (k.startsWith(prefix)) {
            pushed.put(k.substring(prefix.length()), v);
          }
        });
    return pushed;
  }
}

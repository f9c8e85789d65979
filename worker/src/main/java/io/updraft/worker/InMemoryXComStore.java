package io.updraft.worker;

import io.updraft.core.run.XComStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** XCom of a test run, kept in memory: a test run writes nothing to the metastore. */
final class InMemoryXComStore implements XComStore {
  private final Map<String, String> values = new ConcurrentHashMap<>();
  // A mapped task's values by map index: its key above holds them as one JSON list.
  private final Map<String, ConcurrentSkipListMap<Integer, String>> mapped =
      new ConcurrentHashMap<>();

  @Override
  public void put(
      long dagRunId, String taskId, int mapIndex, String key, String json, String maskedJson) {
    if (mapIndex < 0) {
      values.put(taskId + "\u0000" + key, json);
      return;
    }
    mapped
        .computeIfAbsent(taskId + "\u0000" + key, k -> new ConcurrentSkipListMap<>())
        .put(mapIndex, json);
    values.put(
        taskId + "\u0000" + key,
        "[" + String.join(",", mapped.get(taskId + "\u0000" + key).values()) + "]");
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

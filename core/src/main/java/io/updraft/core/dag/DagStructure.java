package io.updraft.core.dag;

import io.updraft.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A DAG without its code: what the scheduler stores in the {@code dag} table, and all that the
 * planner, the API and the UI ever read. Tasks are in a topological order.
 */
public record DagStructure(
    String dagId,
    String description,
    String schedule,
    String timezone,
    Instant startDate,
    boolean catchup,
    List<String> tags,
    List<TaskNode> tasks) {

  public DagStructure {
    tags = tags == null ? List.of() : List.copyOf(tags);
    tasks = List.copyOf(tasks);
  }

  public Optional<TaskNode> task(String taskId) {
    return tasks.stream().filter(t -> t.taskId().equals(taskId)).findFirst();
  }

  public Map<String, TaskNode> tasksById() {
    return tasks.stream().collect(Collectors.toMap(TaskNode::taskId, Function.identity()));
  }

  /** The structure as stored JSON. */
  public String toJson() {
    return Json.write(this);
  }

  public static DagStructure fromJson(String json) {
    return Json.read(json, DagStructure.class);
  }

  /**
   * A hash of the stored JSON: equal hashes mean the same structure, so the scheduler writes a DAG
   * only when it changed.
   */
  public String versionHash() {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(toJson().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}

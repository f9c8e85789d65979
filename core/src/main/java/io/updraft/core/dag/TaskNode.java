package io.updraft.core.dag;

import java.util.List;
import java.util.Map;

/**
 * One task as stored in the {@code dag} table: everything but its code.
 *
 * @param executionTimeoutSeconds how long a try may run, or null for no limit
 */
public record TaskNode(
    String taskId,
    String kind,
    List<String> upstream,
    int retries,
    long retryDelaySeconds,
    String queue,
    String pool,
    int priorityWeight,
    Map<String, Object> settings,
    Long executionTimeoutSeconds) {

  public TaskNode {
    upstream = List.copyOf(upstream);
    settings = settings == null ? Map.of() : Map.copyOf(settings);
  }

  /** Tries in all: the first plus the retries. */
  public int maxTries() {
    return retries + 1;
  }
}

package io.updraft.worker;

import java.time.Duration;
import java.util.List;

/**
 * How one worker runs.
 *
 * @param hostname where it runs, shown by {@code updraft workers list}
 * @param heartbeatInterval how often it tells PostgreSQL that it and its tries are alive
 * @param shutdownGrace how long running tries may take to finish when it stops
 * @param xcomMaxBytes the largest XCom value, in bytes of JSON
 */
public record WorkerSettings(
    String name,
    String hostname,
    List<String> queues,
    int slots,
    Duration heartbeatInterval,
    Duration shutdownGrace,
    int xcomMaxBytes) {
  public WorkerSettings {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("A worker needs a name");
    }
    if (slots < 1) {
      throw new IllegalArgumentException("A worker needs at least 1 slot, got " + slots);
    }
    if (queues == null || queues.isEmpty()) {
      throw new IllegalArgumentException("Worker " + name + " needs at least one queue");
    }
    queues = List.copyOf(queues);
  }
}

package io.updraft.core.config;

import java.util.List;

/**
 * A worker: the queues it takes work from, how many tasks it runs at once, how often it heartbeats,
 * how long running tasks get when it stops, and the largest XCom value it stores (48 KB by default:
 * larger data belongs in object storage, with its path in XCom).
 */
public record WorkerConfig(
    List<String> queues,
    Integer slots,
    String name,
    Integer heartbeatIntervalMs,
    Integer shutdownGraceSeconds,
    Integer xcomMaxBytes) {
  public WorkerConfig {
    queues = queues == null || queues.isEmpty() ? List.of("default") : List.copyOf(queues);
    slots = slots == null ? 16 : slots;
    heartbeatIntervalMs = heartbeatIntervalMs == null ? 5000 : heartbeatIntervalMs;
    shutdownGraceSeconds = shutdownGraceSeconds == null ? 30 : shutdownGraceSeconds;
    xcomMaxBytes = xcomMaxBytes == null ? 48 * 1024 : xcomMaxBytes;
  }

  public WorkerConfig(List<String> queues, Integer slots, String name) {
    this(queues, slots, name, null, null, null);
  }

  public static WorkerConfig defaults() {
    return new WorkerConfig(null, null, null);
  }
}

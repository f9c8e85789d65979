package io.updraft.core.config;

import java.util.List;

/** A worker: the queues it takes work from and how many tasks it runs at once. */
public record WorkerConfig(List<String> queues, Integer slots, String name) {
  public WorkerConfig {
    queues = queues == null || queues.isEmpty() ? List.of("default") : List.copyOf(queues);
    slots = slots == null ? 16 : slots;
  }

  public static WorkerConfig defaults() {
    return new WorkerConfig(null, null, null);
  }
}

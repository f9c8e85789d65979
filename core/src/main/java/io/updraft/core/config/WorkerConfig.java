package io.updraft.core.config;

import java.util.Arrays;
import java.util.List;

/** A worker: the queues it takes work from and how many tasks it runs at once. */
public record WorkerConfig(
    @Doc("Queues a worker takes tasks from (`-q`).") List<String> queues,
    @Doc("Tasks a worker runs at once (`-c`).") Integer slots,
    @Doc("Worker name (`--name`); default host-pid.") String name) {
  public WorkerConfig {
    // "etl,default" from an environment variable means two queues.
    queues =
        queues == null
            ? List.of()
            : queues.stream()
                .flatMap(q -> Arrays.stream(q.split(",")))
                .map(String::trim)
                .filter(q -> !q.isEmpty())
                .toList();
    queues = queues.isEmpty() ? List.of("default") : queues;
    slots = slots == null ? 16 : slots;
  }

  public static WorkerConfig defaults() {
    return new WorkerConfig(null, null, null);
  }
}

package io.updraft.core.config;

import java.util.Arrays;
import java.util.List;

/**
 * A worker: the queues it takes work from, how many tasks it runs at once, how often it heartbeats,
 * how long running tasks get when it stops, and the largest XCom value it stores (48 KB by default:
 * larger data belongs in object storage, with its path in XCom).
 */
public record WorkerConfig(
    @Doc("Queues a worker takes tasks from (`-q`).") List<String> queues,
    @Doc("Tasks a worker runs at once (`-c`).") Integer slots,
    @Doc("Worker name (`--name`); default host-pid.") String name,
    @Doc("How often a worker and its running tasks heartbeat.") Integer heartbeatIntervalMs,
    @Doc("After SIGTERM, how long running tasks get to finish before they are put up for retry.")
        Integer shutdownGraceSeconds,
    @Doc(
            "The largest XCom value stored; larger data belongs in object storage, with its path in XCom.")
        Integer xcomMaxBytes,
    @Doc(
            "Port of the worker's /metrics (Prometheus) and /health endpoints (Airflow's worker log port); 0 turns them off. Two workers on one host need two ports. `standalone` serves its metrics on the API's port instead.")
        Integer metricsPort,
    @Doc(
            "How long a worker runs tasks without a heartbeat reaching the database before it stops them itself; lease + heartbeat interval + 10 s must stay below scheduler.zombie_after_seconds, so a task never runs twice.")
        Integer leaseSeconds,
    @Doc(
            "Finished tasks whose outcome a worker keeps while the database is away; at the cap it takes no new work.")
        Integer heldOutcomesMax,
    @Doc("Log bytes of those tasks a worker keeps in memory; the same.") Long heldLogBytesMax,
    @Doc(
            "Run every Java task's tries in a JVM of their own (512 MB heap), as `Task.isolated()` does; a task's `isolated(...)` and its DAG's `isolatedJavaTasks()` come first.")
        Boolean isolateJavaTasks) {
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
    heartbeatIntervalMs = heartbeatIntervalMs == null ? 5000 : heartbeatIntervalMs;
    shutdownGraceSeconds = shutdownGraceSeconds == null ? 30 : shutdownGraceSeconds;
    xcomMaxBytes = xcomMaxBytes == null ? 48 * 1024 : xcomMaxBytes;
    metricsPort = metricsPort == null ? 8793 : metricsPort;
    leaseSeconds = leaseSeconds == null ? 30 : leaseSeconds;
    heldOutcomesMax = heldOutcomesMax == null ? 10_000 : heldOutcomesMax;
    heldLogBytesMax = heldLogBytesMax == null ? 64L * 1024 * 1024 : heldLogBytesMax;
    isolateJavaTasks = isolateJavaTasks != null && isolateJavaTasks;
  }

  public WorkerConfig(
      List<String> queues,
      Integer slots,
      String name,
      Integer heartbeatIntervalMs,
      Integer shutdownGraceSeconds,
      Integer xcomMaxBytes,
      Integer metricsPort) {
    this(
        queues,
        slots,
        name,
        heartbeatIntervalMs,
        shutdownGraceSeconds,
        xcomMaxBytes,
        metricsPort,
        null,
        null,
        null,
        null);
  }

  public WorkerConfig(
      List<String> queues,
      Integer slots,
      String name,
      Integer heartbeatIntervalMs,
      Integer shutdownGraceSeconds,
      Integer xcomMaxBytes) {
    this(queues, slots, name, heartbeatIntervalMs, shutdownGraceSeconds, xcomMaxBytes, null);
  }

  public WorkerConfig(List<String> queues, Integer slots, String name) {
    this(queues, slots, name, null, null, null, null);
  }

  public static WorkerConfig defaults() {
    return new WorkerConfig(null, null, null);
  }
}

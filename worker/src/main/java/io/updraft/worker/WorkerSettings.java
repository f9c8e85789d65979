package io.updraft.worker;

import io.updraft.core.config.LogsConfig;
import io.updraft.core.dag.TaskMapping;
import java.time.Duration;
import java.util.List;

/**
 * How one worker runs.
 *
 * @param hostname where it runs, shown by {@code updraft workers list}
 * @param heartbeatInterval how often it tells PostgreSQL that it and its tries are alive
 * @param shutdownGrace how long running tries may take to finish when it stops
 * @param xcomMaxBytes the largest XCom value, in bytes of JSON
 * @param lease how long the worker's tries may run without a heartbeat that reached the database;
 *     past it, the worker stops them itself, well before the scheduler may reap and retry them (see
 *     {@link WorkerLease})
 * @param heldOutcomesMax finished tries whose outcome it keeps while the database is away; at the
 *     cap it takes no new work rather than drop one
 * @param heldLogBytesMax log characters of those tries it keeps; the same
 * @param logMaxBytesPerTry bytes of one try's output stored in its log (see {@link
 *     BufferedTaskLog})
 * @param maxMapLength the most instances a mapped task expands into when this worker plans a run
 *     (the config's dags.max_map_length)
 * @param isolateJavaTasks run every Java task's tries in JVMs of their own, unless the task or its
 *     DAG says otherwise (the config's worker.isolate_java_tasks; see {@code JavaTaskIsolation})
 */
public record WorkerSettings(
    String name,
    String hostname,
    List<String> queues,
    int slots,
    Duration heartbeatInterval,
    Duration shutdownGrace,
    int xcomMaxBytes,
    Duration lease,
    int heldOutcomesMax,
    long heldLogBytesMax,
    long logMaxBytesPerTry,
    int maxMapLength,
    boolean isolateJavaTasks) {
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);
  public static final int DEFAULT_HELD_OUTCOMES = 10_000;
  public static final long DEFAULT_HELD_LOG_BYTES = 64L * 1024 * 1024;

  public WorkerSettings(
      String name,
      String hostname,
      List<String> queues,
      int slots,
      Duration heartbeatInterval,
      Duration shutdownGrace,
      int xcomMaxBytes) {
    this(
        name,
        hostname,
        queues,
        slots,
        heartbeatInterval,
        shutdownGrace,
        xcomMaxBytes,
        DEFAULT_LEASE,
        DEFAULT_HELD_OUTCOMES,
        DEFAULT_HELD_LOG_BYTES);
  }

  public WorkerSettings(
      String name,
      String hostname,
      List<String> queues,
      int slots,
      Duration heartbeatInterval,
      Duration shutdownGrace,
      int xcomMaxBytes,
      Duration lease,
      int heldOutcomesMax,
      long heldLogBytesMax) {
    this(
        name,
        hostname,
        queues,
        slots,
        heartbeatInterval,
        shutdownGrace,
        xcomMaxBytes,
        lease,
        heldOutcomesMax,
        heldLogBytesMax,
        LogsConfig.DEFAULT_MAX_BYTES_PER_TRY);
  }

  public WorkerSettings(
      String name,
      String hostname,
      List<String> queues,
      int slots,
      Duration heartbeatInterval,
      Duration shutdownGrace,
      int xcomMaxBytes,
      Duration lease,
      int heldOutcomesMax,
      long heldLogBytesMax,
      long logMaxBytesPerTry) {
    this(
        name,
        hostname,
        queues,
        slots,
        heartbeatInterval,
        shutdownGrace,
        xcomMaxBytes,
        lease,
        heldOutcomesMax,
        heldLogBytesMax,
        logMaxBytesPerTry,
        TaskMapping.DEFAULT_MAX_LENGTH);
  }

  public WorkerSettings(
      String name,
      String hostname,
      List<String> queues,
      int slots,
      Duration heartbeatInterval,
      Duration shutdownGrace,
      int xcomMaxBytes,
      Duration lease,
      int heldOutcomesMax,
      long heldLogBytesMax,
      long logMaxBytesPerTry,
      int maxMapLength) {
    this(
        name,
        hostname,
        queues,
        slots,
        heartbeatInterval,
        shutdownGrace,
        xcomMaxBytes,
        lease,
        heldOutcomesMax,
        heldLogBytesMax,
        logMaxBytesPerTry,
        maxMapLength,
        false);
  }

  /** The same worker with another cap on the instances of a mapped task. */
  public WorkerSettings withMaxMapLength(int length) {
    return new WorkerSettings(
        name,
        hostname,
        queues,
        slots,
        heartbeatInterval,
        shutdownGrace,
        xcomMaxBytes,
        lease,
        heldOutcomesMax,
        heldLogBytesMax,
        logMaxBytesPerTry,
        length,
        isolateJavaTasks);
  }

  /** The same worker with another cap on each try's stored output. */
  public WorkerSettings withLogMaxBytesPerTry(long bytes) {
    return new WorkerSettings(
        name,
        hostname,
        queues,
        slots,
        heartbeatInterval,
        shutdownGrace,
        xcomMaxBytes,
        lease,
        heldOutcomesMax,
        heldLogBytesMax,
        bytes,
        maxMapLength,
        isolateJavaTasks);
  }

  /** The same worker with another lease. */
  public WorkerSettings withLease(Duration newLease) {
    return new WorkerSettings(
        name,
        hostname,
        queues,
        slots,
        heartbeatInterval,
        shutdownGrace,
        xcomMaxBytes,
        newLease,
        heldOutcomesMax,
        heldLogBytesMax,
        logMaxBytesPerTry,
        maxMapLength,
        isolateJavaTasks);
  }

  /** The same worker, isolating every Java task that does not choose, or not. */
  public WorkerSettings withIsolatedJavaTasks(boolean isolate) {
    return new WorkerSettings(
        name,
        hostname,
        queues,
        slots,
        heartbeatInterval,
        shutdownGrace,
        xcomMaxBytes,
        lease,
        heldOutcomesMax,
        heldLogBytesMax,
        logMaxBytesPerTry,
        maxMapLength,
        isolate);
  }

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
    if (maxMapLength < 1) {
      throw new IllegalArgumentException(
          "Worker " + name + " needs a max map length of at least 1, got " + maxMapLength);
    }
    if (lease == null || heartbeatInterval == null || lease.compareTo(heartbeatInterval) <= 0) {
      throw new IllegalArgumentException(
          "Worker "
              + name
              + " needs a lease longer than its heartbeat interval ("
              + heartbeatInterval
              + "), got "
              + lease);
    }
    if (heldOutcomesMax < 1 || heldLogBytesMax < 1) {
      throw new IllegalArgumentException(
          "Worker " + name + " must be able to hold at least 1 outcome and 1 byte of its log");
    }
    if (logMaxBytesPerTry < 1) {
      throw new IllegalArgumentException(
          "Worker " + name + " must store at least 1 byte of a try's log (logs.max_bytes_per_try)");
    }
  }
}

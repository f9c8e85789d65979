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

  /**
   * Settings of the worker named {@code name}: its hostname, queues, slots, heartbeat interval,
   * shutdown grace and XCom limit must be set; the rest default to {@link #DEFAULT_LEASE}, {@link
   * #DEFAULT_HELD_OUTCOMES}, {@link #DEFAULT_HELD_LOG_BYTES}, {@link
   * LogsConfig#DEFAULT_MAX_BYTES_PER_TRY}, {@link TaskMapping#DEFAULT_MAX_LENGTH} and no isolation.
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** These settings, to change some of them. */
  public Builder toBuilder() {
    return builder(name)
        .hostname(hostname)
        .queues(queues)
        .slots(slots)
        .heartbeatInterval(heartbeatInterval)
        .shutdownGrace(shutdownGrace)
        .xcomMaxBytes(xcomMaxBytes)
        .lease(lease)
        .heldOutcomesMax(heldOutcomesMax)
        .heldLogBytesMax(heldLogBytesMax)
        .logMaxBytesPerTry(logMaxBytesPerTry)
        .maxMapLength(maxMapLength)
        .isolateJavaTasks(isolateJavaTasks);
  }

  /** Collects a worker's settings; {@link #build()} checks them. */
  public static final class Builder {
    private final String name;
    private String hostname;
    private List<String> queues;
    private int slots;
    private Duration heartbeatInterval;
    private Duration shutdownGrace;
    private Integer xcomMaxBytes;
    private Duration lease = DEFAULT_LEASE;
    private int heldOutcomesMax = DEFAULT_HELD_OUTCOMES;
    private long heldLogBytesMax = DEFAULT_HELD_LOG_BYTES;
    private long logMaxBytesPerTry = LogsConfig.DEFAULT_MAX_BYTES_PER_TRY;
    private int maxMapLength = TaskMapping.DEFAULT_MAX_LENGTH;
    private boolean isolateJavaTasks;

    private Builder(String name) {
      this.name = name;
    }

    public Builder hostname(String value) {
      this.hostname = value;
      return this;
    }

    public Builder queues(List<String> value) {
      this.queues = value;
      return this;
    }

    public Builder slots(int value) {
      this.slots = value;
      return this;
    }

    public Builder heartbeatInterval(Duration value) {
      this.heartbeatInterval = value;
      return this;
    }

    public Builder shutdownGrace(Duration value) {
      this.shutdownGrace = value;
      return this;
    }

    public Builder xcomMaxBytes(int value) {
      this.xcomMaxBytes = value;
      return this;
    }

    public Builder lease(Duration value) {
      this.lease = value;
      return this;
    }

    public Builder heldOutcomesMax(int value) {
      this.heldOutcomesMax = value;
      return this;
    }

    public Builder heldLogBytesMax(long value) {
      this.heldLogBytesMax = value;
      return this;
    }

    public Builder logMaxBytesPerTry(long value) {
      this.logMaxBytesPerTry = value;
      return this;
    }

    public Builder maxMapLength(int value) {
      this.maxMapLength = value;
      return this;
    }

    public Builder isolateJavaTasks(boolean value) {
      this.isolateJavaTasks = value;
      return this;
    }

    /**
     * The settings, checked as the record checks them.
     *
     * @throws IllegalStateException when a setting without a default was not set
     */
    public WorkerSettings build() {
      // Settings without a default were once positional arguments no caller could leave out.
      requireSet(hostname, "hostname");
      requireSet(heartbeatInterval, "heartbeatInterval");
      requireSet(shutdownGrace, "shutdownGrace");
      requireSet(xcomMaxBytes, "xcomMaxBytes");
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
          isolateJavaTasks);
    }

    private void requireSet(Object value, String setting) {
      if (value == null) {
        throw new IllegalStateException(
            "Worker " + name + " has no " + setting + ": call " + setting + "(...) before build()");
      }
    }
  }
}

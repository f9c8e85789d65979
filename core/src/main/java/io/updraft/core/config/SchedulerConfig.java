package io.updraft.core.config;

/**
 * The scheduler's periodic duties. Events make it react at once; the sweep is the safety net for
 * lost events, requeueing covers messages lost by Redis, and a running task whose heartbeat is
 * older than {@code zombieAfterSeconds} is a zombie (its worker died) to retry or fail.
 */
public record SchedulerConfig(
    @Doc("How often the scheduler plans every active run, the safety net behind run events.")
        Integer sweepIntervalMs,
    @Doc("A task queued longer than this is pushed to Redis again (its message may be lost).")
        Integer requeueAfterSeconds,
    @Doc(
            "A running task whose heartbeat is older than this is a zombie: its worker died; it is retried or failed.")
        Integer zombieAfterSeconds,
    @Doc(
            "Port of the scheduler's /metrics (Prometheus) and /health endpoints; 0 turns them off. `standalone` serves its metrics on the API's port instead.")
        Integer metricsPort) {
  public SchedulerConfig {
    sweepIntervalMs = sweepIntervalMs == null ? 1000 : sweepIntervalMs;
    requeueAfterSeconds = requeueAfterSeconds == null ? 60 : requeueAfterSeconds;
    zombieAfterSeconds = zombieAfterSeconds == null ? 60 : zombieAfterSeconds;
    metricsPort = metricsPort == null ? 8794 : metricsPort;
  }

  public SchedulerConfig(
      Integer sweepIntervalMs, Integer requeueAfterSeconds, Integer zombieAfterSeconds) {
    this(sweepIntervalMs, requeueAfterSeconds, zombieAfterSeconds, null);
  }

  public SchedulerConfig(Integer sweepIntervalMs, Integer requeueAfterSeconds) {
    this(sweepIntervalMs, requeueAfterSeconds, null, null);
  }

  public static SchedulerConfig defaults() {
    return new SchedulerConfig(null, null);
  }
}

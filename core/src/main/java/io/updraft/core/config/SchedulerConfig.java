package io.updraft.core.config;

/**
 * The scheduler's periodic duties. Events make it react at once; the sweep is the safety net for
 * lost events, requeueing covers messages lost by Redis, and a running task whose heartbeat is
 * older than {@code zombieAfterSeconds} is a zombie (its worker died) to retry or fail.
 */
public record SchedulerConfig(
    Integer sweepIntervalMs, Integer requeueAfterSeconds, Integer zombieAfterSeconds) {
  public SchedulerConfig {
    sweepIntervalMs = sweepIntervalMs == null ? 1000 : sweepIntervalMs;
    requeueAfterSeconds = requeueAfterSeconds == null ? 60 : requeueAfterSeconds;
    zombieAfterSeconds = zombieAfterSeconds == null ? 60 : zombieAfterSeconds;
  }

  public SchedulerConfig(Integer sweepIntervalMs, Integer requeueAfterSeconds) {
    this(sweepIntervalMs, requeueAfterSeconds, null);
  }

  public static SchedulerConfig defaults() {
    return new SchedulerConfig(null, null);
  }
}

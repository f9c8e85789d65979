package io.updraft.core.config;

/**
 * The scheduler's periodic duties. Events make it react at once; the sweep is the safety net for
 * lost events, and requeueing covers messages lost by Redis.
 */
public record SchedulerConfig(Integer sweepIntervalMs, Integer requeueAfterSeconds) {
  public SchedulerConfig {
    sweepIntervalMs = sweepIntervalMs == null ? 1000 : sweepIntervalMs;
    requeueAfterSeconds = requeueAfterSeconds == null ? 60 : requeueAfterSeconds;
  }

  public static SchedulerConfig defaults() {
    return new SchedulerConfig(null, null);
  }
}

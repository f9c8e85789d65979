package io.updraft.core.config;

/**
 * The scheduler's periodic duties. Events make it react at once; the sweep is the safety net for
 * lost events, and requeueing covers messages lost by Redis.
 */
public record SchedulerConfig(
    @Doc("How often the scheduler plans every active run, the safety net behind run events.")
        Integer sweepIntervalMs,
    @Doc("A task queued longer than this is pushed to Redis again (its message may be lost).")
        Integer requeueAfterSeconds) {
  public SchedulerConfig {
    sweepIntervalMs = sweepIntervalMs == null ? 1000 : sweepIntervalMs;
    requeueAfterSeconds = requeueAfterSeconds == null ? 60 : requeueAfterSeconds;
  }

  public static SchedulerConfig defaults() {
    return new SchedulerConfig(null, null);
  }
}

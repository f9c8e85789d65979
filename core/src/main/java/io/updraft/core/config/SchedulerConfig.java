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
        Integer zombieAfterSeconds) {
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

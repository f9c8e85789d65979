package io.updraft.scheduler;

import io.updraft.core.config.SchedulerConfig;
import io.updraft.core.dag.TaskMapping;

/**
 * How one scheduler runs.
 *
 * @param config its periodic duties: sweep interval, requeue and zombie windows (the config's
 *     scheduler section)
 * @param pausedOnCreation whether the DAGs it registers for the first time start paused (the
 *     config's dags.paused_on_creation)
 * @param maxMapLength the most instances a mapped task expands into when it plans a run (the
 *     config's dags.max_map_length)
 */
public record SchedulerSettings(
    SchedulerConfig config, boolean pausedOnCreation, int maxMapLength) {
  public SchedulerSettings {
    if (config == null) {
      throw new IllegalArgumentException("A scheduler needs its scheduler config");
    }
    if (maxMapLength < 1) {
      throw new IllegalArgumentException(
          "A scheduler needs a max map length of at least 1, got " + maxMapLength);
    }
  }

  /**
   * Settings of a scheduler whose duties follow {@code config}; the rest default to DAGs that start
   * unpaused and {@link TaskMapping#DEFAULT_MAX_LENGTH}.
   */
  public static Builder builder(SchedulerConfig config) {
    return new Builder(config);
  }

  /** Collects a scheduler's settings; {@link #build()} checks them. */
  public static final class Builder {
    private final SchedulerConfig config;
    private boolean pausedOnCreation;
    private int maxMapLength = TaskMapping.DEFAULT_MAX_LENGTH;

    private Builder(SchedulerConfig config) {
      this.config = config;
    }

    public Builder pausedOnCreation(boolean value) {
      this.pausedOnCreation = value;
      return this;
    }

    public Builder maxMapLength(int value) {
      this.maxMapLength = value;
      return this;
    }

    /** The settings, checked as the record checks them. */
    public SchedulerSettings build() {
      return new SchedulerSettings(config, pausedOnCreation, maxMapLength);
    }
  }
}

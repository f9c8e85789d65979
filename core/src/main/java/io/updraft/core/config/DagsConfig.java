package io.updraft.core.config;

import io.updraft.core.dag.TaskMapping;

/**
 * Where DAGs come from besides the class path: a folder of DAG jars that schedulers and workers
 * scan again every {@code refreshIntervalSeconds}, so that a jar dropped there is picked up without
 * a restart. Unset, only the class path's DAGs are loaded ({@code updraft standalone} then uses
 * {@code ~/.updraft/dags}).
 */
public record DagsConfig(
    @Doc(
            "Folder of DAG jars (one self-contained jar per project), scanned without a restart; every scheduler and worker must see the same files. Default: none (standalone: ~/.updraft/dags).")
        String folder,
    @Doc(
            "How often the DAGs folder is scanned for new, changed and removed jars; a jar is loaded once its size and time stayed the same for one interval.")
        Integer refreshIntervalSeconds,
    @Doc(
            "Whether a DAG starts paused when it first appears (a DAG can say otherwise with pausedOnCreation), as Airflow's dags_are_paused_at_creation; unpause it in the UI or with `updraft dags unpause`.")
        Boolean pausedOnCreation,
    @Doc(
            "The most task instances one mapped task expands into, as Airflow's max_map_length: a task mapped over more values fails with the count in its log, before any instance runs.")
        Integer maxMapLength) {
  public DagsConfig {
    maxMapLength = maxMapLength == null ? TaskMapping.DEFAULT_MAX_LENGTH : maxMapLength;
    if (maxMapLength < 1) {
      throw new IllegalArgumentException(
          "dags.max_map_length must be at least 1, not " + maxMapLength);
    }
    pausedOnCreation = pausedOnCreation == null ? true : pausedOnCreation;
    folder = folder == null || folder.isBlank() ? null : folder;
    refreshIntervalSeconds = refreshIntervalSeconds == null ? 5 : refreshIntervalSeconds;
    if (refreshIntervalSeconds < 1) {
      throw new IllegalArgumentException(
          "dags.refresh_interval_seconds must be at least 1, not " + refreshIntervalSeconds);
    }
  }

  public static DagsConfig defaults() {
    return new DagsConfig(null, null, null, null);
  }

  /** The DAGs folder and its settings, the other settings as they default. */
  public DagsConfig(String folder, Integer refreshIntervalSeconds, Boolean pausedOnCreation) {
    this(folder, refreshIntervalSeconds, pausedOnCreation, null);
  }
}

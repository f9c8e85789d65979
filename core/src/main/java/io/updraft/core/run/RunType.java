package io.updraft.core.run;

import java.util.Locale;

/** Why a run exists; the prefix of its run id, as in Airflow. */
public enum RunType {
  SCHEDULED,
  MANUAL,
  BACKFILL,
  /** Created when every asset the DAG is scheduled on was updated ({@code Schedule.onAssets}). */
  ASSET_TRIGGERED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static RunType fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}

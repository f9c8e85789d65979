package io.updraft.core.dag;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What a task is for in its run, as Airflow's setup and teardown tasks: a setup makes what the work
 * needs (a cluster, a table), a teardown removes it, and runs even when the work failed. An
 * ordinary task has no role (null).
 */
public enum TaskRole {
  /** Makes what the work needs; counted in the run's state like any task. */
  SETUP,
  /**
   * Removes what a setup made: runs once everything upstream is done, whatever the outcome, as long
   * as a setup it tears down succeeded; its own outcome does not decide the run's state.
   */
  TEARDOWN;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static TaskRole fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}

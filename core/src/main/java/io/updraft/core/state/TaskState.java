package io.updraft.core.state;

import java.util.Arrays;
import java.util.Locale;

/** The state of one task instance, with Airflow's names. */
public enum TaskState {
  /** Created with its run; waiting for its upstream tasks. */
  NONE,
  SCHEDULED,
  QUEUED,
  RUNNING,
  SUCCESS,
  FAILED,
  UP_FOR_RETRY,
  UP_FOR_RESCHEDULE,
  UPSTREAM_FAILED,
  SKIPPED;

  /** The lower-case name used in the database, the API and the UI. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static TaskState fromWireName(String name) {
    return Arrays.stream(values())
        .filter(s -> s.wireName().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Unknown task state '" + name + "'"));
  }

  /** A terminal state ends the task instance's try for good. */
  public boolean isTerminal() {
    return this == SUCCESS || this == FAILED || this == UPSTREAM_FAILED || this == SKIPPED;
  }

  /** States that count as a failure for the run. */
  public boolean isFailure() {
    return this == FAILED || this == UPSTREAM_FAILED;
  }
}

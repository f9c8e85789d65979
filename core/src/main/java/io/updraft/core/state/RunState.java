package io.updraft.core.state;

import java.util.Arrays;
import java.util.Locale;

/** The state of one DAG run, with Airflow's names. */
public enum RunState {
  QUEUED,
  RUNNING,
  SUCCESS,
  FAILED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static RunState fromWireName(String name) {
    return Arrays.stream(values())
        .filter(s -> s.wireName().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Unknown run state '" + name + "'"));
  }

  public boolean isTerminal() {
    return this == SUCCESS || this == FAILED;
  }
}

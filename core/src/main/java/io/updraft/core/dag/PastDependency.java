package io.updraft.core.dag;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What a task waits for in the previous run of its DAG (by logical date) before it may run:
 * Airflow's {@code depends_on_past} and {@code wait_for_downstream}. A run without a previous run,
 * or whose previous run lacks the task, goes on.
 */
public enum PastDependency {
  /**
   * The task's instance in the previous run succeeded or was skipped (Airflow's depends_on_past).
   */
  TASK,
  /**
   * As {@link #TASK}, and the instances of that task's direct downstream tasks in the previous run
   * too (Airflow's wait_for_downstream, which implies depends_on_past).
   */
  TASK_AND_DOWNSTREAM;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static PastDependency fromWire(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}

package io.updraft.core.dag;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/**
 * When a task may run, given the states of its direct upstream tasks; Airflow's rules with
 * Airflow's names. A task without upstream tasks runs whatever its rule.
 */
public enum TriggerRule {
  /** Every upstream task succeeded (the default). A failure upstream fails it, a skip skips it. */
  ALL_SUCCESS,
  /** Every upstream task failed or was upstream_failed; a success or skip upstream skips it. */
  ALL_FAILED,
  /** Every upstream task finished, whatever its state. */
  ALL_DONE,
  /** Every upstream task was skipped; a success or failure upstream skips it. */
  ALL_SKIPPED,
  /** At least one upstream task succeeded; runs without waiting for the others. */
  ONE_SUCCESS,
  /** At least one upstream task failed or was upstream_failed; runs without waiting. */
  ONE_FAILED,
  /** At least one upstream task succeeded or failed; runs without waiting. */
  ONE_DONE,
  /** No upstream task failed: each succeeded or was skipped. */
  NONE_FAILED,
  /** No upstream task failed and at least one succeeded; all skipped skips it. */
  NONE_FAILED_MIN_ONE_SUCCESS,
  /** Every upstream task finished and none was skipped. */
  NONE_SKIPPED,
  /** Runs at once, whatever happens upstream. */
  ALWAYS,
  /**
   * A teardown's rule: every upstream task finished, whatever its state, and at least one upstream
   * setup task succeeded (when it has any); setups that all skipped skip it, setups that all failed
   * make it upstream_failed.
   */
  ALL_DONE_SETUP_SUCCESS;

  /** The lower-case name, as Airflow writes it ({@code none_failed_min_one_success}). */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static TriggerRule fromWireName(String name) {
    return Arrays.stream(values())
        .filter(r -> r.wireName().equalsIgnoreCase(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "Unknown trigger rule '"
                        + name
                        + "'; expected one of "
                        + Arrays.stream(values()).map(TriggerRule::wireName).toList()));
  }
}

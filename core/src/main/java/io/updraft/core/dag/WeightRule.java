package io.updraft.core.dag;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/**
 * How a task's effective priority weight is computed, as in Airflow: the scheduler queues the
 * heaviest ready tasks first when pools or limits leave room for only some.
 */
public enum WeightRule {
  /** Its own weight plus those of every task downstream of it (the default): finish DAGs first. */
  DOWNSTREAM,
  /** Its own weight plus those of every task upstream of it: start many DAGs' first tasks first. */
  UPSTREAM,
  /** Its own weight only. */
  ABSOLUTE;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static WeightRule fromWireName(String name) {
    return Arrays.stream(values())
        .filter(r -> r.wireName().equalsIgnoreCase(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "Unknown weight rule '"
                        + name
                        + "'; expected downstream, upstream or absolute"));
  }
}

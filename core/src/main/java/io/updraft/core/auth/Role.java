package io.updraft.core.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a user may do. Each role includes the ones before it: a viewer reads, an op also triggers,
 * pauses, clears and marks runs, an admin also manages pools and users.
 */
public enum Role {
  VIEWER,
  OP,
  ADMIN;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether this role includes everything {@code required} may do. */
  public boolean includes(Role required) {
    return compareTo(required) >= 0;
  }

  public static Role fromWireName(String name) {
    return Arrays.stream(values())
        .filter(r -> r.wireName().equals(name == null ? "" : name.strip().toLowerCase(Locale.ROOT)))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "Unknown role '"
                        + name
                        + "'; expected one of "
                        + Arrays.stream(values())
                            .map(Role::wireName)
                            .collect(Collectors.joining(", "))));
  }
}

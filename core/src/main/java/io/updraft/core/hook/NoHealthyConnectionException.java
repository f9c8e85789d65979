package io.updraft.core.hook;

import java.util.Map;
import java.util.stream.Collectors;

/** None of the conn ids given for failover answered. */
public final class NoHealthyConnectionException extends RuntimeException {
  public NoHealthyConnectionException(Map<String, String> failures) {
    super(
        "No healthy connection among "
            + failures.keySet()
            + ": "
            + failures.entrySet().stream()
                .map(e -> "'" + e.getKey() + "': " + e.getValue())
                .collect(Collectors.joining("; ")));
  }
}

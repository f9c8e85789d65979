package io.updraft.core.schedule;

import java.time.Instant;

/**
 * The span of data one run covers. Its start is the run's logical date; the run may start once the
 * end has passed. For {@code @once} the start and end are the same instant.
 */
public record DataInterval(Instant start, Instant end) {
  public DataInterval {
    if (end.isBefore(start)) {
      throw new IllegalArgumentException("A data interval ends before it starts: " + this);
    }
  }
}

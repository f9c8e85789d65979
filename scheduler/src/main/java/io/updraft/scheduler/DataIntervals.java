package io.updraft.scheduler;

import io.updraft.core.dag.Schedule;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Airflow's data-interval arithmetic: a run covers the interval between two schedule times, its
 * logical date is the start, and it runs once the interval ended.
 */
final class DataIntervals {
  private DataIntervals() {}

  /** The interval that ends at the latest schedule time at or before {@code at}. */
  static Optional<Interval> endingAtOrBefore(Schedule schedule, ZoneId zone, Instant at) {
    return schedule
        .previousBefore(at.plusMillis(1), zone)
        .flatMap(end -> schedule.previousBefore(end, zone).map(start -> new Interval(start, end)));
  }

  /** When the first run of a DAG starting at {@code startDate} may be created. */
  static Instant firstRunAt(Schedule schedule, ZoneId zone, Instant startDate) {
    Instant firstIntervalStart =
        schedule.nextAfter(startDate.minusMillis(1), zone).orElse(startDate);
    return schedule.nextAfter(firstIntervalStart, zone).orElse(firstIntervalStart);
  }

  record Interval(Instant start, Instant end) {}
}

package io.updraft.api;

import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.Schedule;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * When the scheduler next creates a run of a DAG: the schedule's next firing after now. Null for
 * manual-only and paused DAGs, and for a schedule that no longer parses (the scheduler reports that
 * one).
 */
final class NextRun {
  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private NextRun() {}

  static Instant of(DagStructure s, boolean paused, Clock clock) {
    if (paused) {
      return null;
    }
    try {
      Schedule schedule = Schedule.parse(s.schedule());
      if (schedule.isNone()) {
        return null;
      }
      ZoneId zone = s.timezone() == null ? ZoneOffset.UTC : ZoneId.of(s.timezone());
      return schedule.nextAfter(clock.instant(), zone).orElse(null);
    } catch (RuntimeException e) {
      return null;
    }
  }

  static String text(Instant at) {
    return at == null ? null : TIME.format(at);
  }
}

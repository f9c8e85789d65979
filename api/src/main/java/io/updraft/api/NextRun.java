package io.updraft.api;

import io.updraft.core.dag.DagStructure;
import io.updraft.core.run.NextRuns;
import io.updraft.core.run.RunStore;
import io.updraft.core.schedule.DataInterval;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * A DAG's next run as {@link NextRuns} defines it for every surface: its logical date and data
 * interval, the interval's end being when the scheduler creates it.
 */
final class NextRun {
  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private NextRun() {}

  static Optional<DataInterval> of(DagStructure s, RunStore runs, Clock clock) {
    return NextRuns.next(s, runs.lastScheduledInterval(s.dagId()), clock.instant());
  }

  /** The logical date, as the DAGs page shows it. */
  static String text(Optional<DataInterval> next) {
    return next.map(i -> TIME.format(i.start())).orElse(null);
  }

  /** The interval and when the run is created, as the DAGs page explains the logical date. */
  static String explanation(Optional<DataInterval> next) {
    return next.map(
            i ->
                "data interval "
                    + TIME.format(i.start())
                    + " to "
                    + TIME.format(i.end())
                    + "; created after "
                    + TIME.format(i.end()))
        .orElse(null);
  }
}

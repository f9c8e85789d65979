package io.updraft.core.run;

import io.updraft.core.dag.DagStructure;
import io.updraft.core.schedule.DataInterval;
import io.updraft.core.schedule.Timetable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A DAG's next scheduled runs as the scheduler will create them, the one definition that the API,
 * the UI and {@code dags next-runs} show: after the latest scheduled run's interval (catch-up
 * skipping as the scheduler does), each with its logical date (the interval's start) and the time
 * it is created (the interval's end), as Airflow's {@code next_dagrun} and its data interval.
 */
public final class NextRuns {
  private NextRuns() {}

  /**
   * The next {@code count} runs, oldest first; empty for a DAG without a schedule, one whose
   * schedule ended or no longer parses.
   *
   * @param lastScheduled the interval of the DAG's latest scheduled run, if any
   */
  public static List<DataInterval> of(
      DagStructure dag, Optional<DataInterval> lastScheduled, Instant now, int count) {
    Timetable timetable;
    try {
      timetable = Timetable.of(dag);
    } catch (RuntimeException e) {
      return List.of(); // an unparsable schedule: the scheduler reports it
    }
    List<DataInterval> next = new ArrayList<>();
    Optional<DataInterval> previous = lastScheduled;
    while (next.size() < count) {
      Optional<DataInterval> interval = timetable.next(previous, dag.catchup(), now);
      if (interval.isEmpty() || previous.equals(interval)) {
        break;
      }
      next.add(interval.get());
      previous = interval;
    }
    return next;
  }

  /** The next run, if the DAG has one. */
  public static Optional<DataInterval> next(
      DagStructure dag, Optional<DataInterval> lastScheduled, Instant now) {
    return of(dag, lastScheduled, now, 1).stream().findFirst();
  }
}

package io.updraft.core.schedule;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A DAG's schedule turned into data intervals, as Airflow's timetables do it: intervals run from
 * one schedule time to the next (cron times in the DAG's time zone, so a daily interval across a
 * DST change lasts 23 or 25 hours), or from the start date in fixed steps; none starts before the
 * start date or after the end date. A pure function of its inputs and {@code now}: tests need no
 * clock and no database.
 */
public final class Timetable {
  private final Schedule schedule;
  private final ZoneId zone;
  private final Instant startDate;
  private final Instant endDate;

  /** The schedule's data intervals in the DAG's time zone, between its start and end dates. */
  public static Timetable of(Dag dag) {
    return new Timetable(dag.schedule(), dag.timezone(), dag.startDate(), dag.endDate());
  }

  /** The data intervals of a stored DAG, read from its stored settings. */
  public static Timetable of(DagStructure dag) {
    return new Timetable(
        Schedule.parse(dag.schedule()), ZoneId.of(dag.timezone()), dag.startDate(), dag.endDate());
  }

  /**
   * @param startDate no interval starts before it (null: no bound)
   * @param endDate no interval starts after it (null: no bound)
   */
  public Timetable(Schedule schedule, ZoneId zone, Instant startDate, Instant endDate) {
    this.schedule = schedule;
    this.zone = zone;
    this.startDate = startDate;
    this.endDate = endDate;
  }

  /**
   * The interval to create after {@code last} (the latest scheduled run's interval, if any),
   * whether or not it has ended yet. Without catch-up, intervals that ended before the latest
   * complete one are skipped, as Airflow does.
   */
  public Optional<DataInterval> next(Optional<DataInterval> last, boolean catchup, Instant now) {
    if (schedule.isNone()) {
      return Optional.empty();
    }
    if (schedule.isOnce()) {
      if (last.isPresent()) {
        return Optional.empty();
      }
      Instant at = startDate != null ? startDate : now;
      return Optional.of(new DataInterval(at, at));
    }
    Optional<Instant> start =
        last.isPresent()
            ? atOrAfter(last.get().end())
            : startDate != null ? atOrAfter(startDate) : latestCompleteStart(now);
    if (!catchup) {
      Optional<Instant> latest = latestCompleteStart(now);
      if (latest.isPresent() && (start.isEmpty() || latest.get().isAfter(start.get()))) {
        start = latest;
      }
    }
    if (start.isEmpty() || (endDate != null && start.get().isAfter(endDate))) {
      return Optional.empty();
    }
    Instant from = start.get();
    return after(from).map(end -> new DataInterval(from, end));
  }

  /** Every interval to create now: those that ended by {@code now}, oldest first, at most max. */
  public List<DataInterval> due(
      Optional<DataInterval> last, boolean catchup, Instant now, int max) {
    List<DataInterval> due = new ArrayList<>();
    Optional<DataInterval> previous = last;
    while (due.size() < max) {
      Optional<DataInterval> next = next(previous, catchup, now);
      if (next.isEmpty() || next.get().end().isAfter(now)) {
        break;
      }
      due.add(next.get());
      previous = next;
      if (schedule.isOnce()) {
        break;
      }
    }
    return due;
  }

  /** The next {@code count} intervals whose logical date is at or after {@code from}. */
  public List<DataInterval> upcoming(Instant from, int count) {
    Instant floor = startDate != null && startDate.isAfter(from) ? startDate : from;
    if (schedule.isOnce()) {
      return startDate != null && !startDate.isBefore(from)
          ? List.of(new DataInterval(startDate, startDate))
          : List.of();
    }
    return walk(floor, null, count);
  }

  /** The intervals whose logical date lies in [from, to]: what a backfill creates. */
  public List<DataInterval> between(Instant from, Instant to, int max) {
    Instant floor = startDate != null && startDate.isAfter(from) ? startDate : from;
    if (schedule.isOnce()) {
      return startDate != null && !startDate.isBefore(from) && !startDate.isAfter(to)
          ? List.of(new DataInterval(startDate, startDate))
          : List.of();
    }
    return walk(floor, to, max);
  }

  private List<DataInterval> walk(Instant from, Instant to, int max) {
    List<DataInterval> intervals = new ArrayList<>();
    if (schedule.isNone()) {
      return intervals;
    }
    Optional<Instant> start = atOrAfter(from);
    while (start.isPresent() && intervals.size() < max) {
      Instant s = start.get();
      if ((to != null && s.isAfter(to)) || (endDate != null && s.isAfter(endDate))) {
        break;
      }
      Optional<Instant> end = after(s);
      if (end.isEmpty()) {
        break;
      }
      intervals.add(new DataInterval(s, end.get()));
      start = end;
    }
    return intervals;
  }

  /** The start of the latest interval that has ended by {@code now}. */
  private Optional<Instant> latestCompleteStart(Instant now) {
    return atOrBefore(now).flatMap(this::before);
  }

  /** The first schedule time at or after {@code t}. */
  private Optional<Instant> atOrAfter(Instant t) {
    Optional<Duration> every = schedule.fixedInterval();
    if (every.isPresent()) {
      long step = every.get().toMillis();
      long offset = Math.max(0, t.toEpochMilli() - anchor().toEpochMilli());
      long steps = (offset + step - 1) / step;
      return Optional.of(anchor().plusMillis(steps * step));
    }
    return schedule.nextAfter(t.minusMillis(1), zone);
  }

  /** The first schedule time strictly after {@code t}. */
  private Optional<Instant> after(Instant t) {
    return atOrAfter(t.plusMillis(1));
  }

  /** The last schedule time at or before {@code t}. */
  private Optional<Instant> atOrBefore(Instant t) {
    Optional<Duration> every = schedule.fixedInterval();
    if (every.isPresent()) {
      long step = every.get().toMillis();
      long offset = t.toEpochMilli() - anchor().toEpochMilli();
      return offset < 0 ? Optional.empty() : Optional.of(anchor().plusMillis(offset / step * step));
    }
    return schedule.previousBefore(t.plusMillis(1), zone);
  }

  /** The last schedule time strictly before {@code t}. */
  private Optional<Instant> before(Instant t) {
    return atOrBefore(t.minusMillis(1));
  }

  /** Fixed intervals count from the start date (from the epoch without one). */
  private Instant anchor() {
    return startDate != null ? startDate : Instant.EPOCH;
  }
}

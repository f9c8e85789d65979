package io.updraft.scheduler;

import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.Schedule;
import io.updraft.core.schedule.Timetable;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Schedules parsed once per expression: the sweep and a schedule's trigger look at every DAG's
 * schedule each time, and parsing a cron expression 2,000 times took much of a second on a busy
 * machine, at the very moment the runs were due. Few distinct expressions exist; the cache is
 * emptied if a DAGs folder ever shows an unusual number of them.
 */
final class ParsedSchedules {
  private static final int MAX = 10_000;
  private static final Map<String, Schedule> PARSED = new ConcurrentHashMap<>();

  private ParsedSchedules() {}

  static Schedule of(String expression) {
    if (PARSED.size() > MAX) {
      PARSED.clear();
    }
    return PARSED.computeIfAbsent(expression, Schedule::parse);
  }

  /** {@link Timetable#of(DagStructure)}, without parsing the schedule again. */
  static Timetable timetable(DagStructure dag) {
    return new Timetable(
        of(dag.schedule()), ZoneId.of(dag.timezone()), dag.startDate(), dag.endDate());
  }
}

package io.updraft.scheduler;

import io.updraft.core.dag.DagParams;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.metrics.MetricsRecorder;
import io.updraft.core.queue.RunEvents;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.RunStore;
import io.updraft.core.run.RunType;
import io.updraft.core.schedule.DataInterval;
import io.updraft.core.schedule.Timetable;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the runs a DAG's schedule asks for by now: every missed interval with catch-up, only the
 * latest without. It carries on from the DAG's latest scheduled run, and each insert is idempotent
 * (unique on DAG and logical date), so a Quartz trigger firing twice, two schedulers, or the sweep
 * repeating it all make each run once.
 */
final class CreateScheduledRuns {
  private static final Logger LOG = LoggerFactory.getLogger(CreateScheduledRuns.class);
  private static final int MAX_PER_PASS = 1000;

  private final RunStore runs;
  private final RunEvents events;
  private final Clock clock;

  /** When each DAG next has an interval due: the sweep skips DAGs with nothing due yet. */
  private final Map<String, Instant> nextDue = new ConcurrentHashMap<>();

  private final MetricsRecorder metrics;

  CreateScheduledRuns(RunStore runs, RunEvents events, Clock clock) {
    this(runs, events, clock, MetricsRecorder.NONE);
  }

  CreateScheduledRuns(RunStore runs, RunEvents events, Clock clock, MetricsRecorder metrics) {
    this.metrics = metrics;
    this.runs = runs;
    this.events = events;
    this.clock = clock;
  }

  /** The sweep's pass over one DAG: only if its next interval may have ended. */
  int runOnceIfDue(DagStructure dag) {
    return runOnceIfDue(List.of(dag));
  }

  /**
   * The sweep's pass over many DAGs: those whose next interval may have ended, together, as a
   * schedule's trigger does (one by one, the first pass after a start of 2,000 DAGs took a minute).
   */
  int runOnceIfDue(List<DagStructure> dags) {
    Instant now = clock.instant();
    List<DagStructure> due =
        dags.stream()
            .filter(dag -> !nextDue.getOrDefault(dag.dagId(), Instant.MIN).isAfter(now))
            .toList();
    return due.isEmpty() ? 0 : runOnce(due);
  }

  /** Creates the DAG's due runs; returns how many were new. */
  int runOnce(DagStructure dag) {
    return runOnce(List.of(dag));
  }

  /**
   * Creates the due runs of all these DAGs (those of one schedule, fired together) with one query
   * for where each stands and a few transactions for all their runs; returns how many were new.
   */
  int runOnce(List<DagStructure> dags) {
    Instant now = clock.instant();
    Map<String, DataInterval> lastOf =
        runs.lastScheduledIntervals(dags.stream().map(DagStructure::dagId).toList());
    List<NewDagRun> toCreate = new ArrayList<>();
    Map<String, DagStructure> byId = new HashMap<>();
    for (DagStructure dag : dags) {
      byId.put(dag.dagId(), dag);
      Timetable timetable = ParsedSchedules.timetable(dag);
      Optional<DataInterval> last = Optional.ofNullable(lastOf.get(dag.dagId()));
      List<DataInterval> due = timetable.due(last, dag.catchup(), now, MAX_PER_PASS);
      for (DataInterval interval : due) {
        toCreate.add(
            new NewDagRun(
                dag.dagId(),
                NewDagRun.runIdFor(RunType.SCHEDULED, interval.start()),
                RunType.SCHEDULED,
                interval.start(),
                interval.start(),
                interval.end(),
                DagParams.resolve(dag.dagId(), dag.params(), Map.of())));
      }
      Optional<DataInterval> after =
          timetable.next(due.isEmpty() ? last : Optional.of(due.getLast()), dag.catchup(), now);
      nextDue.put(
          dag.dagId(),
          due.size() == MAX_PER_PASS ? now : after.map(DataInterval::end).orElse(Instant.MAX));
    }
    if (toCreate.isEmpty()) {
      return 0;
    }
    List<DagRun> made = runs.createRuns(toCreate, byId);
    for (DagRun run : made) {
      metrics.dagRunCreated(run.dagId(), RunType.SCHEDULED);
      LOG.info("Created run {} of {}", run.runId(), run.dagId());
      events.publish(run.id());
    }
    return made.size();
  }
}

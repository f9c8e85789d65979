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

  /** The sweep's pass: only DAGs whose next interval may have ended are looked at. */
  int runOnceIfDue(DagStructure dag) {
    Instant due = nextDue.get(dag.dagId());
    if (due != null && due.isAfter(clock.instant())) {
      return 0;
    }
    return runOnce(dag);
  }

  /** Creates the DAG's due runs; returns how many were new. */
  int runOnce(DagStructure dag) {
    Timetable timetable = Timetable.of(dag);
    Instant now = clock.instant();
    Optional<DataInterval> last = runs.lastScheduledInterval(dag.dagId());
    List<DataInterval> due = timetable.due(last, dag.catchup(), now, MAX_PER_PASS);
    int created = 0;
    for (DataInterval interval : due) {
      NewDagRun run =
          new NewDagRun(
              dag.dagId(),
              NewDagRun.runIdFor(RunType.SCHEDULED, interval.start()),
              RunType.SCHEDULED,
              interval.start(),
              interval.start(),
              interval.end(),
              DagParams.resolve(dag.dagId(), dag.params(), Map.of()));
      Optional<DagRun> made = runs.createRun(run, dag);
      if (made.isPresent()) {
        created++;
        metrics.dagRunCreated(dag.dagId(), RunType.SCHEDULED);
        LOG.info("Created run {} of {}", made.get().runId(), dag.dagId());
        events.publish(made.get().id());
      }
    }
    Optional<DataInterval> after =
        timetable.next(due.isEmpty() ? last : Optional.of(due.getLast()), dag.catchup(), now);
    nextDue.put(
        dag.dagId(),
        due.size() == MAX_PER_PASS ? now : after.map(DataInterval::end).orElse(Instant.MAX));
    return created;
  }
}

package io.updraft.scheduler;

import io.updraft.core.metrics.MetricsRecorder;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.DagStore;
import io.updraft.core.run.RunStore;
import io.updraft.core.run.StoredDag;
import io.updraft.core.run.TaskChange;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fails the runs that outlived their DAG's run timeout, as Airflow's dagrun_timeout does: the
 * unfinished tasks are skipped (a task still running then finds its fenced update matching
 * nothing), and the run is failed.
 */
final class TimeOutRuns {
  private static final Logger LOG = LoggerFactory.getLogger(TimeOutRuns.class);

  private final RunStore runs;
  private final DagStore dags;
  private final Clock clock;
  private final MetricsRecorder metrics;

  TimeOutRuns(RunStore runs, DagStore dags, Clock clock) {
    this(runs, dags, clock, MetricsRecorder.NONE);
  }

  /** Reports each run it ends to {@code metrics}. */
  TimeOutRuns(RunStore runs, DagStore dags, Clock clock, MetricsRecorder metrics) {
    this.runs = runs;
    this.dags = dags;
    this.clock = clock;
    this.metrics = metrics;
  }

  int runOnce(List<DagRun> active) {
    int timedOut = 0;
    Instant now = clock.instant();
    for (DagRun run : active) {
      if (run.state() != RunState.RUNNING || run.startDate() == null) {
        continue;
      }
      Long timeout =
          dags.find(run.dagId())
              .map(StoredDag::structure)
              .map(s -> s.runTimeoutSeconds())
              .orElse(null);
      if (timeout == null || run.startDate().plus(Duration.ofSeconds(timeout)).isAfter(now)) {
        continue;
      }
      List<TaskChange> skips =
          runs.taskInstances(run.id()).stream()
              .filter(ti -> !ti.state().isTerminal())
              .map(ti -> TaskChange.of(ti, TaskState.SKIPPED, now))
              .toList();
      runs.applyAll(skips);
      if (runs.setRunState(run.id(), RunState.FAILED, now)) {
        metrics.dagRunEnded(run.ended(RunState.FAILED, now));
        timedOut++;
        LOG.warn(
            "Run {} of {} timed out after {} s; {} unfinished task(s) skipped",
            run.runId(),
            run.dagId(),
            timeout,
            skips.size());
      }
    }
    return timedOut;
  }
}

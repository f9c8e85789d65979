package io.updraft.worker;

import io.updraft.core.cache.LeastRecentlyUsed;
import io.updraft.core.metrics.MetricsRecorder;
import io.updraft.core.queue.Delivery;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.RunStore;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's claims: the deliveries of a batch turned into tries running on this worker, in one
 * fenced statement, each with its run (read once and kept).
 */
final class TaskClaims {
  private static final Logger LOG = LoggerFactory.getLogger(TaskClaims.class);
  private static final int RUNS_KEPT = 1024;

  private final String workerName;
  private final RunStore runs;
  private final Clock clock;
  private final MetricsRecorder metrics;
  private final Map<Long, DagRun> runningRuns = LeastRecentlyUsed.map(RUNS_KEPT);

  TaskClaims(String workerName, RunStore runs, Clock clock, MetricsRecorder metrics) {
    this.workerName = workerName;
    this.runs = runs;
    this.clock = clock;
    this.metrics = metrics;
  }

  /**
   * Claims the deliveries' tries in one transaction (fenced: queued → running on this worker).
   * Deliveries whose fence matched nothing are stale (another worker took the try, or it was
   * cleared or done): the row is the truth, and they are returned to be acked and dropped.
   */
  Claims claim(List<Delivery> deliveries) {
    Instant now = clock.instant();
    List<TaskChange> changes = new ArrayList<>();
    for (Delivery d : deliveries) {
      changes.add(
          TaskChange.claim(d.message().taskInstanceId(), d.message().tryNumber(), workerName, now));
    }
    Map<Long, TaskInstance> claimedById = new HashMap<>();
    for (TaskInstance ti : runs.claim(changes)) {
      claimedById.put(ti.id(), ti);
    }
    List<Claim> claimed = new ArrayList<>();
    List<Delivery> stale = new ArrayList<>();
    for (Delivery d : deliveries) {
      // A message may come twice in one batch: only the first copy of the try claimed runs.
      TaskInstance ti = claimedById.get(d.message().taskInstanceId());
      if (ti == null
          || ti.tryNumber() != d.message().tryNumber()
          || claimedById.remove(ti.id()) == null) {
        LOG.debug("Dropping stale message {}", d.message());
        stale.add(d);
        continue;
      }
      claimed.add(new Claim(d, ti, d.message().tryNumber(), runOf(ti)));
      metrics.taskStarted(ti.queue(), ti.queuedAt(), now);
    }
    return new Claims(claimed, stale);
  }

  /**
   * The run of a claimed task: read once, then kept while running runs are few enough. What a task
   * needs of it (ids, dates, conf, the versions of its DAG) never changes once it runs.
   */
  private DagRun runOf(TaskInstance ti) {
    DagRun known = runningRuns.get(ti.dagRunId());
    if (known != null) {
      return known;
    }
    DagRun run = runs.findRun(ti.dagRunId()).orElseThrow();
    runningRuns.put(run.id(), run);
    return run;
  }

  /**
   * A try this worker claimed: from a queue message ({@code delivery}), or taken straight from the
   * record of its upstream task ({@code delivery} null: there is no message to ack).
   */
  record Claim(Delivery delivery, TaskInstance ti, int tryNumber, DagRun run) {
    boolean fromQueue() {
      return delivery != null;
    }
  }

  /** The claimed tries of a batch, and the deliveries that turned out stale. */
  record Claims(List<Claim> claimed, List<Delivery> stale) {}
}

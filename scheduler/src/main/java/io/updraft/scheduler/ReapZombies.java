package io.updraft.scheduler;

import io.updraft.core.dag.TaskNode;
import io.updraft.core.metrics.EndedTry;
import io.updraft.core.metrics.MetricsRecorder;
import io.updraft.core.queue.RunEvents;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.DagStore;
import io.updraft.core.run.RunStore;
import io.updraft.core.run.StoredDag;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.TaskState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds running tries whose worker stopped heartbeating (killed, frozen, cut off) and puts them up
 * for retry after the task's retry delay, or fails them when no tries are left, asking for the
 * task's {@code onRetry} or {@code onFailure} callback in the same transaction. The change is
 * fenced on the try and on {@code running}, so a worker that was only slow and finishes meanwhile
 * wins, and two schedulers reap a zombie once.
 */
final class ReapZombies {
  private static final Logger LOG = LoggerFactory.getLogger(ReapZombies.class);
  static final String REASON = "reaped as a zombie: its worker stopped heartbeating";

  private final RunStore runs;
  private final DagStore dags;
  private final RunEvents events;
  private final Clock clock;
  private final Duration after;
  private final MetricsRecorder metrics;

  /**
   * Since when every call reached the database; null after a failure. A scheduler that starts
   * assumes it was reachable: it could not start otherwise.
   */
  private volatile Instant reachableSince = Instant.MIN;

  ReapZombies(RunStore runs, DagStore dags, RunEvents events, Clock clock, Duration after) {
    this(runs, dags, events, clock, after, MetricsRecorder.NONE);
  }

  ReapZombies(
      RunStore runs,
      DagStore dags,
      RunEvents events,
      Clock clock,
      Duration after,
      MetricsRecorder metrics) {
    this.metrics = metrics;
    this.runs = runs;
    this.dags = dags;
    this.events = events;
    this.clock = clock;
    this.after = after;
  }

  /**
   * Tells the reaper that another duty of this scheduler could not reach the database: the window
   * starts again once it answers. The reaper runs last in a sweep, so without this a sweep that
   * failed earlier would hide a whole outage from it, and it would reap every try whose worker
   * could not beat during that outage at its first call after it. Callers may not know whether the
   * database or Redis failed; either delays reaping by one window, which is the safe side.
   */
  void databaseUnreachable() {
    reachableSince = null;
  }

  /**
   * Returns the number of zombies retried or failed. A try is a zombie when its heartbeat is older
   * than {@code after} and this scheduler has reached the database for at least {@code after}
   * without a failure: after an outage, every worker gets a whole window to heartbeat again and to
   * record the outcomes it held, and a stale heartbeat means a dead or cut-off worker, not a
   * database that was away.
   */
  int runOnce() {
    Instant now = clock.instant();
    List<TaskInstance> zombies;
    try {
      zombies = runs.runningHeartbeatBefore(now.minus(after), 500);
    } catch (RuntimeException e) {
      reachableSince = null;
      throw e;
    }
    if (reachableSince == null) {
      reachableSince = now;
      LOG.info("The database answers again; no task is reaped before {}", now.plus(after));
    }
    if (zombies.isEmpty() || now.isBefore(reachableSince.plus(after))) {
      return 0;
    }
    Map<String, Optional<StoredDag>> structures = new HashMap<>();
    List<TaskChange> changes =
        zombies.stream()
            .map(ti -> change(ti, now, structures.computeIfAbsent(ti.dagId(), dags::find)))
            .toList();
    List<TaskChange> applied;
    try {
      // A try failed or retried here ran no onFailure/onRetry on its worker: the request for it
      // commits with the change, and the callback duty calls it.
      applied = runs.applyEndsByScheduler(changes, REASON);
    } catch (RuntimeException e) {
      reachableSince = null;
      throw e;
    }
    for (TaskChange c : applied) {
      TaskInstance ti =
          zombies.stream().filter(z -> z.id() == c.taskInstanceId()).findFirst().orElseThrow();
      LOG.warn(
          "Task {}.{} of run {} (try {}) on worker {} stopped heartbeating: {}",
          ti.dagId(),
          ti.taskId(),
          ti.runId(),
          ti.tryNumber(),
          ti.worker(),
          c.to().wireName());
      metrics.taskFinished(ti.dagId(), c.to(), null);
    }
    traceEnded(zombies, applied, now);
    applied.stream()
        .map(c -> zombies.stream().filter(z -> z.id() == c.taskInstanceId()).findFirst())
        .flatMap(Optional::stream)
        .map(TaskInstance::dagRunId)
        .distinct()
        .forEach(events::publish);
    return applied.size();
  }

  /**
   * Reports each reaped try as ended, so that its trace has a span for it as for a try its worker
   * ended: from when the worker started it to when the reaper ended it. A trace is worth less than
   * the reaping: a failure to read the runs only costs the spans.
   */
  private void traceEnded(List<TaskInstance> zombies, List<TaskChange> applied, Instant now) {
    if (applied.isEmpty()) {
      return;
    }
    Map<Long, TaskInstance> byId = new HashMap<>();
    zombies.forEach(z -> byId.put(z.id(), z));
    Map<Long, DagRun> runsById = new HashMap<>();
    try {
      runs.findRuns(applied.stream().map(c -> byId.get(c.taskInstanceId()).dagRunId()).toList())
          .forEach(r -> runsById.put(r.id(), r));
    } catch (RuntimeException e) {
      LOG.warn("Cannot read the runs of reaped tries for their spans: {}", e.toString());
      return;
    }
    for (TaskChange c : applied) {
      TaskInstance ti = byId.get(c.taskInstanceId());
      DagRun run = runsById.get(ti.dagRunId());
      if (run != null) {
        Instant start = ti.startDate() != null ? ti.startDate() : now;
        metrics.tryEnded(new EndedTry(run, ti, ti.tryNumber(), ti.worker(), c.to(), start, now));
      }
    }
  }

  private static TaskChange change(TaskInstance ti, Instant now, Optional<StoredDag> dag) {
    if (ti.tryNumber() >= ti.maxTries()) {
      return TaskChange.of(ti, TaskState.FAILED, now);
    }
    long delaySeconds =
        dag.flatMap(
                d ->
                    d.structure().tasks().stream()
                        .filter(t -> t.taskId().equals(ti.taskId()))
                        .findFirst())
            .map(TaskNode::retryDelaySeconds)
            .orElse(0L);
    return TaskChange.outcome(
        ti.id(), ti.tryNumber(), TaskState.UP_FOR_RETRY, now, now.plusSeconds(delaySeconds));
  }
}

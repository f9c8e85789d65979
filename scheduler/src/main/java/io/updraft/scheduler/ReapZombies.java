package io.updraft.scheduler;

import io.updraft.core.dag.TaskNode;
import io.updraft.core.metrics.MetricsRecorder;
import io.updraft.core.queue.RunEvents;
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
 * for retry after the task's retry delay, or fails them when no tries are left. The change is
 * fenced on the try and on {@code running}, so a worker that was only slow and finishes meanwhile
 * wins, and two schedulers reap a zombie once.
 */
final class ReapZombies {
  private static final Logger LOG = LoggerFactory.getLogger(ReapZombies.class);

  private final RunStore runs;
  private final DagStore dags;
  private final RunEvents events;
  private final Clock clock;
  private final Duration after;
  private final MetricsRecorder metrics;

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

  /** Returns the number of zombies retried or failed. */
  int runOnce() {
    Instant now = clock.instant();
    List<TaskInstance> zombies = runs.runningHeartbeatBefore(now.minus(after), 500);
    if (zombies.isEmpty()) {
      return 0;
    }
    Map<String, Optional<StoredDag>> structures = new HashMap<>();
    List<TaskChange> changes =
        zombies.stream()
            .map(ti -> change(ti, now, structures.computeIfAbsent(ti.dagId(), dags::find)))
            .toList();
    List<TaskChange> applied = runs.applyAll(changes);
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
    applied.stream()
        .map(c -> zombies.stream().filter(z -> z.id() == c.taskInstanceId()).findFirst())
        .flatMap(Optional::stream)
        .map(TaskInstance::dagRunId)
        .distinct()
        .forEach(events::publish);
    return applied.size();
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
    return new TaskChange(
        ti.id(),
        ti.tryNumber(),
        TaskState.RUNNING,
        TaskState.UP_FOR_RETRY,
        now,
        false,
        now.plusSeconds(delaySeconds),
        null);
  }
}

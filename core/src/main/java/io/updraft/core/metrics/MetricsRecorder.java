package io.updraft.core.metrics;

import io.updraft.core.run.DagRun;
import io.updraft.core.run.RunType;
import io.updraft.core.state.TaskState;
import java.time.Duration;
import java.time.Instant;

/**
 * Where schedulers and workers report what they did, in the terms of the domain. The composition
 * root passes an implementation backed by a metrics library (Micrometer in the {@code cli} module),
 * so the modules that record stay free of it; the same reports feed the traces of runs and tries
 * when those are on. Implementations must be cheap and safe for concurrent use, and must not throw:
 * they are called on the hot path of every task.
 */
public interface MetricsRecorder {
  /** Records nothing. */
  MetricsRecorder NONE = new MetricsRecorder() {};

  /**
   * A task instance reached {@code state} (a terminal state, or up_for_retry / up_for_reschedule).
   *
   * @param ranFor how long its operator ran, or null when no worker ran it (a planner skipped it or
   *     failed it for its upstream)
   */
  default void taskFinished(String dagId, TaskState state, Duration ranFor) {}

  /**
   * A worker took, at {@code startedAt}, a task of {@code queue} that was queued at {@code
   * queuedAt} (null when unknown: then nothing is recorded).
   */
  default void taskStarted(String queue, Instant queuedAt, Instant startedAt) {}

  /**
   * A task was queued {@code afterReady} after the last of its upstream tasks finished: the
   * planning part of the scheduling latency.
   */
  default void taskQueued(String queue, Duration afterReady) {}

  /** A DAG run was created. */
  default void dagRunCreated(String dagId, RunType runType) {}

  /**
   * A task's thread did not stop after its execution timeout: its try is recorded and its slot
   * free, but the thread keeps running (code that neither blocks nor checks for interrupts).
   */
  default void taskThreadUnstoppable(String dagId) {}

  /** A thread reported by {@link #taskThreadUnstoppable} ended at last. */
  default void unstoppableTaskThreadEnded(String dagId) {}

  /**
   * A DAG run ended, reported once by the process whose commit ended it (a scheduler, or the worker
   * that recorded its last task): {@code ended} holds its final state, its start date and its end
   * date.
   */
  default void dagRunEnded(DagRun ended) {}

  /** A worker's try ended; reported by that worker before its outcome is recorded. */
  default void tryEnded(EndedTry ended) {}
}

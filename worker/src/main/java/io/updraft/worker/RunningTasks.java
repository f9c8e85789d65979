package io.updraft.worker;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tries this worker runs right now: what its heartbeat reports, what a timeout or a shutdown
 * interrupts, and what a shutdown puts up for retry when a task will not stop.
 */
final class RunningTasks {
  private final Map<Long, Execution> byTaskInstance = new ConcurrentHashMap<>();

  Execution start(long taskInstanceId, int tryNumber) {
    Execution execution = new Execution(taskInstanceId, tryNumber, Thread.currentThread());
    byTaskInstance.put(taskInstanceId, execution);
    return execution;
  }

  void finish(Execution execution) {
    byTaskInstance.remove(execution.taskInstanceId(), execution);
  }

  List<Long> ids() {
    return List.copyOf(byTaskInstance.keySet());
  }

  List<Execution> all() {
    return List.copyOf(byTaskInstance.values());
  }

  int size() {
    return byTaskInstance.size();
  }

  /** Why a running try was interrupted. */
  enum StopReason {
    TIMEOUT,
    SHUTDOWN,
    /** No heartbeat reached the database for longer than the worker's lease. */
    LEASE_LOST
  }

  /**
   * One running try and the thread that runs it. Its outcome is decided once: by its thread when
   * the operator ends, or by its timeout, which does not wait for a thread that ignores interrupts.
   */
  static final class Execution {
    private final long taskInstanceId;
    private final int tryNumber;
    private final Thread thread;
    private volatile StopReason stopReason;
    private Ending ending = Ending.RUNNING;

    private Execution(long taskInstanceId, int tryNumber, Thread thread) {
      this.taskInstanceId = taskInstanceId;
      this.tryNumber = tryNumber;
      this.thread = thread;
    }

    long taskInstanceId() {
      return taskInstanceId;
    }

    int tryNumber() {
      return tryNumber;
    }

    /** Null while nobody asked the try to stop. */
    StopReason stopReason() {
      return stopReason;
    }

    synchronized void stop(StopReason reason) {
      if (stopReason == null && ending == Ending.RUNNING) {
        stopReason = reason;
        thread.interrupt();
      }
    }

    /**
     * The timeout's claim on the outcome: interrupts the thread and returns true, unless the thread
     * ended first (then its own outcome stands).
     */
    synchronized boolean timeOut() {
      if (ending != Ending.RUNNING) {
        return false;
      }
      ending = Ending.TIMED_OUT;
      stopReason = StopReason.TIMEOUT;
      thread.interrupt();
      return true;
    }

    /**
     * Called by the try's thread when its operator ended, as often as it likes: true when the
     * thread decides the outcome, false when the timeout already did.
     */
    synchronized boolean end() {
      switch (ending) {
        case RUNNING, ENDED -> {
          ending = Ending.ENDED;
          return true;
        }
        case TIMED_OUT -> ending = Ending.ENDED_AFTER_TIMEOUT;
        case DETACHED -> ending = Ending.DETACHED_ENDED;
        default -> {
          // already noted
        }
      }
      return false;
    }

    /** After the grace that followed a timeout: true when the thread still runs, now detached. */
    synchronized boolean detach() {
      if (ending != Ending.TIMED_OUT) {
        return false;
      }
      ending = Ending.DETACHED;
      return true;
    }

    /** Whether the thread ended only after it was given up on as detached. */
    synchronized boolean endedDetached() {
      return ending == Ending.DETACHED_ENDED;
    }
  }

  /** Who decided a try's outcome, and what became of its thread. */
  private enum Ending {
    RUNNING,
    ENDED,
    TIMED_OUT,
    ENDED_AFTER_TIMEOUT,
    DETACHED,
    DETACHED_ENDED
  }
}

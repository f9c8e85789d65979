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
    SHUTDOWN
  }

  /** One running try and the thread that runs it. */
  static final class Execution {
    private final long taskInstanceId;
    private final int tryNumber;
    private final Thread thread;
    private volatile StopReason stopReason;

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
      if (stopReason == null) {
        stopReason = reason;
        thread.interrupt();
      }
    }
  }
}

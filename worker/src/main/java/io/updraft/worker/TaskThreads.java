package io.updraft.worker;

import java.time.Duration;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The platform threads that run a worker's tasks, one per slot, kept between tasks.
 *
 * <p>Not virtual threads: those share a few carrier threads (one per core) with everything else in
 * the JVM that runs on virtual threads (the API's requests, the /health endpoints), and a task that
 * computes without blocking holds its carrier until it ends, where the JVM cannot take it back. Two
 * busy tasks on a two-core machine then froze the whole process. Platform threads are scheduled by
 * the operating system, which shares the cores fairly whatever a task does.
 *
 * <p>A thread that ignores its timeout stays busy after its slot was freed; the pool then starts
 * another thread rather than making the next task wait for it.
 */
final class TaskThreads {
  private final ThreadPoolExecutor pool;

  TaskThreads(String workerName, int slots) {
    // A direct hand-off (no queue): a task starts on an idle thread or on a new one, never waits.
    this.pool =
        new ThreadPoolExecutor(
            slots,
            Integer.MAX_VALUE,
            1,
            TimeUnit.MINUTES,
            new SynchronousQueue<>(),
            Thread.ofPlatform().daemon().name("updraft-task-" + workerName + "-", 1).factory());
  }

  void execute(Runnable task) {
    pool.execute(task);
  }

  /** Takes no more tasks; running ones go on. */
  void shutdown() {
    pool.shutdown();
  }

  /** Interrupts what still runs. */
  void shutdownNow() {
    pool.shutdownNow();
  }

  /** Whether every thread ended within {@code timeout}, after {@link #shutdown()}. */
  boolean awaitTermination(Duration timeout) throws InterruptedException {
    return pool.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}

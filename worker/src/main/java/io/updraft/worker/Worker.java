package io.updraft.worker;

import io.updraft.core.queue.Delivery;
import io.updraft.core.queue.TaskQueue;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes task messages from its queues and runs each on a virtual thread, at most {@code slots} at
 * once. It asks the queue only for as many messages as it has free slots, so messages it cannot run
 * yet stay available to other workers.
 */
public final class Worker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
  private static final Duration POLL_BLOCK = Duration.ofMillis(500);

  private final String name;
  private final List<String> queues;
  private final int slots;
  private final TaskQueue queue;
  private final TaskRunner runner;
  private final Duration shutdownGrace;
  private final Semaphore free;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private volatile boolean running;
  private Thread loop;

  public Worker(
      String name,
      List<String> queues,
      int slots,
      TaskQueue queue,
      TaskRunner runner,
      Duration shutdownGrace) {
    if (slots < 1) {
      throw new IllegalArgumentException("A worker needs at least 1 slot, got " + slots);
    }
    this.name = name;
    this.queues = List.copyOf(queues);
    this.slots = slots;
    this.queue = queue;
    this.runner = runner;
    this.shutdownGrace = shutdownGrace;
    this.free = new Semaphore(slots);
  }

  public synchronized void start() {
    running = true;
    loop = Thread.ofPlatform().name("updraft-worker-" + name).start(this::takeWork);
    LOG.info("Worker {} takes tasks from {} with {} slots", name, queues, slots);
  }

  private void takeWork() {
    while (running) {
      int capacity;
      try {
        free.acquire();
        capacity = 1 + drainFreeSlots();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      List<Delivery> batch;
      try {
        batch = queue.reserve(name, queues, capacity, POLL_BLOCK);
      } catch (RuntimeException e) {
        // Redis down or a transient error: wait a little rather than spin, then try again.
        free.release(capacity);
        LOG.warn("Worker {} cannot take work: {}", name, e.toString());
        pause();
        continue;
      }
      free.release(capacity - batch.size());
      batch.forEach(delivery -> executor.execute(() -> handle(delivery)));
    }
  }

  private int drainFreeSlots() {
    int extra = 0;
    while (free.tryAcquire()) {
      extra++;
    }
    return extra;
  }

  private void handle(Delivery delivery) {
    try {
      runner.run(delivery.message());
      queue.ack(delivery);
    } catch (RuntimeException e) {
      // Not acked: the message is delivered again, and the fenced update decides what happens.
      LOG.error("Worker {} failed to handle {}", name, delivery.message(), e);
    } finally {
      free.release();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Tasks running right now. */
  public int running() {
    return slots - free.availablePermits();
  }

  /** Stops taking work, then waits up to the grace period for running tasks to finish. */
  @Override
  public synchronized void close() {
    running = false;
    if (loop != null) {
      try {
        loop.join(POLL_BLOCK.multipliedBy(4).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    executor.shutdown();
    try {
      if (!executor.awaitTermination(shutdownGrace.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("Worker {}: tasks still running after {}; interrupting them", name, shutdownGrace);
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
    LOG.info("Worker {} stopped", name);
  }
}

package io.updraft.worker;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A worker's task slots: it runs at most {@code slots} tries at once. A slot is taken from the
 * moment the poll loop reserves it until the try that ran on it is recorded, so a busy worker does
 * not take more work than it can record.
 *
 * <p>A taken slot is {@code reserving} (the loop holds it while it asks the queue), on its way to a
 * claim (delivered, not claimed yet), {@code running} (a claimed try whose outcome the recorder
 * does not have yet) or recording (its outcome waits to be recorded). So {@code slots = free +
 * reserving + claiming + running + recording}, and none of them is ever negative.
 *
 * <p>A recorded try may hand its slot over to a task it made ready, which then runs on it without
 * going back to the queue.
 *
 * <p>Only the worker's loop reserves, one reservation at a time; the rest is safe from any thread.
 */
final class WorkerSlots {
  private final int slots;
  private final Semaphore free;

  /** Held by the loop while it asks the queue: not running anything, so free for the gauges. */
  private final AtomicInteger reserving = new AtomicInteger();

  private final AtomicInteger running = new AtomicInteger();

  WorkerSlots(int slots) {
    this.slots = slots;
    this.free = new Semaphore(slots);
  }

  /**
   * Waits until a slot is free, then takes every free slot, as many messages as the loop may ask
   * the queue for. The caller hands them back with {@link #endReserving(int)}.
   *
   * @throws InterruptedException when the worker stops while it waits
   */
  int reserveAllFree() throws InterruptedException {
    free.acquire();
    int taken = 1;
    while (free.tryAcquire()) {
      taken++;
    }
    reserving.set(taken);
    return taken;
  }

  /**
   * Ends the loop's reservation: {@code kept} slots go on to delivered messages, the rest are free.
   */
  void endReserving(int kept) {
    // Zeroed before the release: the gauge may read a slot short for a moment, never one too many.
    int reserved = reserving.getAndSet(0);
    free.release(reserved - kept);
  }

  /** Gives back slots that will not run anything: unclaimed, stale, or their outcome is held. */
  void giveBack(int count) {
    free.release(count);
  }

  /** A claimed try starts on a slot already taken for it (kept from a poll, or handed over). */
  void startRunning() {
    running.incrementAndGet();
  }

  /** A try handed its outcome to the recorder; its slot stays taken until that is recorded. */
  void finishRunning() {
    running.decrementAndGet();
  }

  /**
   * A try that will never have an outcome to record (not started, or failed to run) frees its slot.
   */
  void abandonRunning() {
    running.decrementAndGet();
    free.release();
  }

  /**
   * Outcomes were recorded: their slots are free again, except {@code handedOver} ones on which
   * tasks they made ready will run.
   */
  void recorded(int outcomes, int handedOver) {
    free.release(outcomes - handedOver);
  }

  /** Claimed tries whose outcome the recorder does not have yet. */
  int running() {
    return running.get();
  }

  /** Slots not running a try nor waiting for its outcome to be recorded. */
  int free() {
    return Math.max(0, free.availablePermits() + reserving.get());
  }

  int total() {
    return slots;
  }

  /**
   * Waits until no try is running, or {@code timeout} passes: false then, or when interrupted.
   * Tries a timeout already gave up on count as finished; their threads may never end.
   */
  boolean awaitNoneRunning(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (running.get() > 0) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }
}

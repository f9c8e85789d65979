package io.updraft.worker;

import io.updraft.core.queue.TaskQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a worker's finished tries in batches: one transaction, one log insert batch and one Redis
 * round trip for however many tries finished meanwhile. Slots are freed only once recorded, so a
 * busy worker does not take more work than it can record.
 *
 * <p>A batch that cannot be recorded (the database is away) is held, with its log, and recorded
 * again with backoff before any later one, through the same fenced path; its tries stay heartbeated
 * meanwhile, so the scheduler does not reap them. Its messages are acked only once it is recorded.
 */
final class OutcomeRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(OutcomeRecorder.class);
  private static final int RECORD_BATCH = 512;

  private final String workerName;
  private final TaskRunner runner;
  private final TaskQueue queue;
  private final WorkerSlots slots;
  private final Runnable databaseAway;
  private final Consumer<TaskClaims.Claim> runHandedOver;
  private final BlockingQueue<TaskRunner.Finished> finished = new LinkedBlockingQueue<>();

  /** Finished tries whose outcome could not be recorded yet, and the log they keep in memory. */
  private final AtomicInteger held = new AtomicInteger();

  private final AtomicLong heldChars = new AtomicLong();
  private volatile boolean recording = true;

  /**
   * @param databaseAway told each time a batch cannot be recorded
   * @param runHandedOver runs a task handed a recorded try's slot
   */
  OutcomeRecorder(
      String workerName,
      TaskRunner runner,
      TaskQueue queue,
      WorkerSlots slots,
      Runnable databaseAway,
      Consumer<TaskClaims.Claim> runHandedOver) {
    this.workerName = workerName;
    this.runner = runner;
    this.queue = queue;
    this.slots = slots;
    this.databaseAway = databaseAway;
    this.runHandedOver = runHandedOver;
  }

  void add(TaskRunner.Finished done) {
    finished.add(done);
  }

  /**
   * Lets {@link #run()} return once nothing is left to record, or at once if the database is away.
   */
  void stop() {
    recording = false;
  }

  int heldOutcomes() {
    return held.get();
  }

  long heldLogChars() {
    return heldChars.get();
  }

  /** Records until stopped or interrupted. */
  void run() {
    List<TaskRunner.Finished> batch = new ArrayList<>();
    boolean isHeld = false;
    long backoffMillis = 100;
    while (true) {
      if (batch.isEmpty()) {
        TaskRunner.Finished first;
        try {
          first = finished.poll(100, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        if (first == null) {
          if (!recording) {
            return;
          }
          continue;
        }
        batch.add(first);
        finished.drainTo(batch, RECORD_BATCH - 1);
      }
      List<TaskClaims.Claim> taken;
      try {
        // A held batch gave its slots back when it could not be recorded: a task it makes ready
        // goes through the queue, since running it here would take a slot the worker no longer has.
        taken = runner.record(batch, !isHeld);
      } catch (RuntimeException e) {
        databaseAway.run();
        if (!isHeld) {
          isHeld = true;
          // Their threads are done: the slots are free, the outcomes held until recorded.
          slots.giveBack(batch.size());
          held.addAndGet(batch.size());
          heldChars.addAndGet(batch.stream().mapToLong(f -> f.log().pendingChars()).sum());
          LOG.warn(
              "Worker {} cannot record {} finished task(s) now and holds them: {}",
              workerName,
              batch.size(),
              e.toString());
        }
        if (!recording) {
          // Stopping while the database is away: the scheduler retries these tries.
          LOG.error(
              "Worker {} stops without recording {} finished task(s)", workerName, batch.size(), e);
          return;
        }
        if (!backOff(backoffMillis)) {
          return;
        }
        backoffMillis = Math.min(backoffMillis * 2, 5000);
        continue;
      }
      ack(batch);
      if (isHeld) {
        held.addAndGet(-batch.size());
        heldChars.set(0);
        LOG.info("Worker {} recorded {} held task outcome(s)", workerName, batch.size());
      } else {
        slots.recorded(batch.size(), taken.size());
      }
      batch.clear();
      isHeld = false;
      backoffMillis = 100;
      taken.forEach(runHandedOver);
    }
  }

  /** Acks recorded tries' messages; one left unacked comes again, is stale and is dropped. */
  private void ack(List<TaskRunner.Finished> batch) {
    try {
      queue.ackAll(
          batch.stream()
              .map(f -> f.claim())
              .filter(TaskClaims.Claim::fromQueue)
              .map(TaskClaims.Claim::delivery)
              .toList());
    } catch (RuntimeException e) {
      LOG.warn(
          "Worker {} cannot ack {} recorded task(s): {}", workerName, batch.size(), e.toString());
    }
  }

  /** False when interrupted. */
  private static boolean backOff(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}

package io.updraft.worker;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's contact with the database: its heartbeats, whether it reaches the database (no new
 * work while it does not), and its lease ({@link WorkerLease}): past the lease, it stops its
 * running tries itself, since the scheduler may soon reap and retry them and a try must not run
 * twice. Beats and the lease watch have a thread each: a beat may hang on a database that is away,
 * the lease must not.
 */
final class DatabaseContact {
  private static final Logger LOG = LoggerFactory.getLogger(DatabaseContact.class);

  private final WorkerSettings settings;
  private final WorkerHeartbeat heartbeat;
  private final RunningTasks runningTasks;
  private final WorkerSlots slots;
  private final ScheduledExecutorService beats;
  private final ScheduledExecutorService leaseWatch;

  /** False from a failed heartbeat or record until a heartbeat succeeds: no new work meanwhile. */
  private volatile boolean reachable = true;

  private volatile Instant lastGoodBeat = Instant.now();
  private volatile boolean leaseLost;

  DatabaseContact(
      WorkerSettings settings,
      WorkerHeartbeat heartbeat,
      RunningTasks runningTasks,
      WorkerSlots slots) {
    this.settings = settings;
    this.heartbeat = heartbeat;
    this.runningTasks = runningTasks;
    this.slots = slots;
    this.beats = daemon("updraft-worker-heartbeat-" + settings.name());
    this.leaseWatch = daemon("updraft-worker-lease-" + settings.name());
  }

  private static ScheduledExecutorService daemon(String name) {
    return Executors.newSingleThreadScheduledExecutor(
        r -> Thread.ofPlatform().daemon().name(name).unstarted(r));
  }

  void start() {
    long every = settings.heartbeatInterval().toMillis();
    beats.scheduleWithFixedDelay(this::beat, 0, every, TimeUnit.MILLISECONDS);
    leaseWatch.scheduleWithFixedDelay(this::checkLease, every, every, TimeUnit.MILLISECONDS);
  }

  void stop() {
    beats.shutdownNow();
    leaseWatch.shutdownNow();
  }

  /** Whether the database answered the last heartbeat and nothing failed since. */
  boolean reachable() {
    return reachable;
  }

  /** A call to the database failed (a record): no new work until a heartbeat succeeds. */
  void unreachable() {
    reachable = false;
  }

  private void beat() {
    try {
      heartbeat.runOnce();
      lastGoodBeat = heartbeat.lastBeat().orElseThrow();
      reachable = true;
      if (leaseLost) {
        leaseLost = false;
        LOG.info("Worker {} reaches the database again and takes work", settings.name());
      }
    } catch (RuntimeException e) {
      // The next beat tries again; a zombie is declared only after many missed beats.
      reachable = false;
      LOG.warn("Worker {} cannot heartbeat: {}", settings.name(), e.toString());
    }
  }

  /**
   * Past its lease, the worker stops its running tries itself. Their outcome is held and recorded
   * later (fenced).
   */
  private void checkLease() {
    Instant now = Instant.now();
    if (WorkerLease.lost(lastGoodBeat, now, overdue())) {
      // A beat that hangs on the database counts as failed for taking work.
      reachable = false;
    }
    if (!WorkerLease.lost(lastGoodBeat, now, settings.lease())) {
      return;
    }
    if (!leaseLost) {
      leaseLost = true;
      LOG.error(
          "Worker {} has not reached the database since {} (lease {}): stopping its {} running"
              + " task(s)",
          settings.name(),
          lastGoodBeat,
          settings.lease(),
          slots.running());
    }
    runningTasks.all().forEach(e -> e.stop(RunningTasks.StopReason.LEASE_LOST));
  }

  /** How late a heartbeat may be before the worker takes it for failed. */
  private Duration overdue() {
    return settings.heartbeatInterval().multipliedBy(3).plusSeconds(1);
  }
}

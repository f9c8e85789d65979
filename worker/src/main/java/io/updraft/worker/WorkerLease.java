package io.updraft.worker;

import java.time.Duration;
import java.time.Instant;

/**
 * How long a worker may run tries without telling the database so, and why that is short enough
 * that no try runs twice.
 *
 * <p>Timeline, from the last heartbeat of a try that reached the database at {@code T} (defaults in
 * brackets): the worker heartbeats every {@code heartbeat_interval} [5 s]; once no heartbeat has
 * succeeded for longer than {@code lease} [30 s], at the latest at {@code T + lease +
 * heartbeat_interval + FAILED_BEAT} (a failing beat waits up to the pool's 5 s timeout) it
 * interrupts its running tries ({@link RunningTasks.StopReason#LEASE_LOST}) and holds their outcome
 * ({@code up_for_retry}, or {@code failed} on the last try) to record later; a task that ignores
 * the interrupt is given up at {@code + STOP_GRACE}. The scheduler reaps a try no earlier than
 * {@code T + zombie_after} [60 s], and only after it has itself reached the database for a whole
 * {@code zombie_after}. So {@code lease + heartbeat_interval + FAILED_BEAT + STOP_GRACE <
 * zombie_after} (30 + 5 + 5 + 5 < 60 by default) is required: the old try has stopped before its
 * retry can be queued.
 */
final class WorkerLease {
  /** How long a stopped try gets to end after its interrupt, the margin's last part. */
  static final Duration STOP_GRACE = Duration.ofSeconds(5);

  private WorkerLease() {}

  /** How long a heartbeat that fails may take: the pool's connection timeout. */
  static final Duration FAILED_BEAT = Duration.ofSeconds(5);

  /** The time between a lost lease and a reaped try that must stay free. */
  static Duration margin(Duration heartbeatInterval) {
    return heartbeatInterval.plus(FAILED_BEAT).plus(STOP_GRACE);
  }

  /**
   * Refuses a lease that could let the scheduler retry a try that still runs: names both settings
   * and what to change.
   */
  static void check(Duration lease, Duration heartbeatInterval, Duration zombieAfter) {
    Duration needed = lease.plus(margin(heartbeatInterval));
    if (needed.compareTo(zombieAfter) >= 0) {
      throw new IllegalArgumentException(
          "worker.lease_seconds ("
              + lease.toSeconds()
              + " s) + heartbeat interval ("
              + heartbeatInterval.toMillis()
              + " ms) + "
              + FAILED_BEAT.plus(STOP_GRACE).toSeconds()
              + " s to notice and stop must be shorter than scheduler.zombie_after_seconds ("
              + zombieAfter.toSeconds()
              + " s), or a task could run twice: lower the lease or raise zombie_after_seconds");
    }
  }

  /** Whether a worker whose last heartbeat reached the database at {@code lastBeat} lost it. */
  static boolean lost(Instant lastBeat, Instant now, Duration lease) {
    return Duration.between(lastBeat, now).compareTo(lease) > 0;
  }
}

package io.updraft.scheduler;

import io.updraft.core.run.ShippedLogs;
import io.updraft.core.run.TaskLogShipper;
import io.updraft.core.run.TryLogId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Ships the logs that no worker will (logs.remote): a worker ships its try's log as the try ends,
 * but a try whose worker died is ended by the zombie reaper, and a failed upload waits for the
 * task's next try, which may never come. Without this duty such logs would stay in PostgreSQL for
 * good. A try is shipped only once it ended at least {@code after} ago, so a worker that is still
 * writing its try's last lines (its callbacks log there) ships them itself.
 */
final class ShipEndedTryLogs {
  /** Tries shipped per pass: a backlog drains over several sweeps, never in one long one. */
  static final int BATCH = 100;

  private final ShippedLogs shipped;
  private final TaskLogShipper shipper;
  private final Clock clock;
  private final Duration after;
  private Instant nextPassAt = Instant.MIN;

  ShipEndedTryLogs(ShippedLogs shipped, TaskLogShipper shipper, Clock clock, Duration after) {
    this.shipped = shipped;
    this.shipper = shipper;
    this.clock = clock;
    this.after = after;
  }

  /**
   * Returns the number of tries shipped. A failed upload (warned of by the shipper) ends the pass,
   * and the next pass waits {@code after}: remote storage that is away would fail every try, and
   * the scheduler sweeps every second.
   */
  int runOnce() {
    Instant now = clock.instant();
    if (now.isBefore(nextPassAt)) {
      return 0;
    }
    int count = 0;
    for (TryLogId id : shipped.endedTriesHeld(now.minus(after), BATCH)) {
      if (!shipper.shipOne(id)) {
        nextPassAt = now.plus(after);
        break;
      }
      count++;
    }
    return count;
  }
}

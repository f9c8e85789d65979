package io.updraft.core.run;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships a try's log to remote storage once the try has ended (its outcome recorded, its callbacks
 * run), then deletes its lines from PostgreSQL, so PostgreSQL keeps only running tries' logs. The
 * log is shipped as stored: already masked and capped.
 *
 * <p>An upload that fails leaves the lines in PostgreSQL, where readers still find them, and logs a
 * warning: nothing is lost. Each shipping also ships the task instance's earlier tries still held
 * in PostgreSQL (an upload that failed, or a try the scheduler reaped after its worker died), so
 * the next try of the same task catches them up; the scheduler ships what no next try will (see
 * {@link ShippedLogs#endedTriesHeld}).
 */
public final class TaskLogShipper {
  private static final Logger LOG = LoggerFactory.getLogger(TaskLogShipper.class);

  private final TaskLogStore local;
  private final ShippedLogs shipped;
  private final RemoteLogStorage remote;

  public TaskLogShipper(TaskLogStore local, ShippedLogs shipped, RemoteLogStorage remote) {
    this.local = local;
    this.shipped = shipped;
    this.remote = remote;
  }

  /** Ships try {@code tryNumber} of {@code ti} and its earlier tries still in PostgreSQL. */
  public void ship(TaskInstance ti, int tryNumber) {
    List<Integer> held;
    try {
      held = shipped.triesHeld(ti.id(), tryNumber);
    } catch (RuntimeException e) {
      LOG.warn("Cannot list the unshipped logs of task instance {}: {}", ti.id(), e.toString());
      return;
    }
    for (int which : held) {
      shipOne(TryLogId.of(ti, which));
    }
  }

  /** True when shipped; false (and a warning) when the lines stay in PostgreSQL. */
  public boolean shipOne(TryLogId id) {
    String location = remote.locationOf(id);
    try {
      List<String> lines = local.read(id.taskInstanceId(), id.tryNumber());
      if (lines.isEmpty()) {
        return false;
      }
      remote.write(location, lines);
      shipped.recordShipped(id.taskInstanceId(), id.tryNumber(), location);
      return true;
    } catch (Exception e) {
      LOG.warn(
          "Cannot ship the log of {}.{} (run {}, map index {}) try {} to {}; it stays in"
              + " PostgreSQL and is shipped with the task's next try: {}",
          id.dagId(),
          id.taskId(),
          id.runId(),
          id.mapIndex(),
          id.tryNumber(),
          location,
          e.toString());
      return false;
    }
  }
}

package io.updraft.worker;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The logs of the tries whose operators run now, written by one job every second, so that a running
 * task's log can be followed. One job for all tries rather than one scheduled and cancelled per
 * try: on a busy worker that bookkeeping, under the executor's one lock, cost more than a no-op
 * task. A log is first written once its try has run for a second, as a job of its own would have.
 */
final class LiveTaskLogs {
  private static final Logger LOG = LoggerFactory.getLogger(LiveTaskLogs.class);
  private static final long FIRST_FLUSH_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** Each running try's log, with the time ({@link System#nanoTime()}) its try started. */
  private final Map<BufferedTaskLog, Long> running = new ConcurrentHashMap<>();

  LiveTaskLogs(ScheduledExecutorService flushes) {
    flushes.scheduleWithFixedDelay(this::flushAll, 1, 1, TimeUnit.SECONDS);
  }

  void add(BufferedTaskLog log) {
    running.put(log, System.nanoTime());
  }

  void remove(BufferedTaskLog log) {
    running.remove(log);
  }

  private void flushAll() {
    long now = System.nanoTime();
    running.forEach(
        (log, started) -> {
          if (now - started < FIRST_FLUSH_NANOS) {
            return;
          }
          try {
            log.flush();
          } catch (RuntimeException e) {
            // The database is away: the lines stay pending, for the next flush or the outcome.
            LOG.debug("Cannot write a running task's log now: {}", e.toString());
          }
        });
  }
}

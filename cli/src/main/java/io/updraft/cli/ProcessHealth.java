package io.updraft.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health of a scheduler or worker process, for {@code /health}: whether the metadata database
 * answers, whether Redis answers, and whether the process's own loop (a scheduler's sweep, a
 * worker's heartbeat) completed recently. Healthy only when all three hold.
 *
 * @param loop what the loop is, e.g. "scheduler sweep" or "worker heartbeat"
 * @param lastLoop when the loop last completed, empty before the first time
 * @param loopLimit how old the last completion may be
 */
record ProcessHealth(
    String process,
    BooleanSupplier databaseUp,
    BooleanSupplier redisUp,
    String loop,
    Supplier<Optional<Instant>> lastLoop,
    Duration loopLimit,
    Clock clock) {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessHealth.class);
  static final String HEALTHY = "healthy";
  static final String UNHEALTHY = "unhealthy";

  /** The outcome of one check of every part; {@link #body()} is the JSON answer. */
  record Report(boolean healthy, Map<String, Object> body) {}

  Report check() {
    boolean database = isUp("metadatabase", databaseUp);
    boolean redis = isUp("redis", redisUp);
    Optional<Instant> last = lastLoop.get();
    boolean loopUp = last.map(at -> !at.isBefore(clock.instant().minus(loopLimit))).orElse(false);
    Map<String, Object> loopStatus = new LinkedHashMap<>();
    loopStatus.put("name", loop);
    loopStatus.put("status", status(loopUp));
    loopStatus.put("latest_heartbeat", last.map(Instant::toString).orElse(null));
    loopStatus.put("limit_seconds", loopLimit.toSeconds());
    boolean healthy = database && redis && loopUp;
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("process", process);
    body.put("status", status(healthy));
    body.put("metadatabase", Map.of("status", status(database)));
    body.put("redis", Map.of("status", status(redis)));
    body.put("heartbeat", loopStatus);
    return new Report(healthy, body);
  }

  /** A check that throws counts as down: the endpoint itself must keep answering. */
  private static boolean isUp(String part, BooleanSupplier check) {
    try {
      return check.getAsBoolean();
    } catch (RuntimeException e) {
      LOG.warn("Health check of {} failed: {}", part, e.toString());
      return false;
    }
  }

  private static String status(boolean up) {
    return up ? HEALTHY : UNHEALTHY;
  }
}

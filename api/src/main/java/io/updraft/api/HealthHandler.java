package io.updraft.api;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET /api/v1/health}, in Airflow's shape plus Redis. */
final class HealthHandler {
  /** A scheduler that has not checked in for this long is taken for dead. */
  static final Duration SCHEDULER_HEARTBEAT_LIMIT = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(HealthHandler.class);
  private static final String HEALTHY = "healthy";
  private static final String UNHEALTHY = "unhealthy";

  record Status(String status) {}

  record SchedulerStatus(String status, Instant latestSchedulerHeartbeat) {}

  record Health(Status metadatabase, Status redis, SchedulerStatus scheduler) {
    boolean allHealthy() {
      return metadatabase.status.equals(HEALTHY)
          && redis.status.equals(HEALTHY)
          && scheduler.status.equals(HEALTHY);
    }
  }

  private final HealthProbe probe;

  HealthHandler(HealthProbe probe) {
    this.probe = probe;
  }

  void health(Context ctx) {
    Health health = check();
    ctx.status(health.allHealthy() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(health);
  }

  Health check() {
    boolean databaseUp = isUp("metadatabase", probe.databaseUp());
    // The check-ins are in the database: without it, asking would only wait for a second timeout.
    Optional<Instant> heartbeat = databaseUp ? latestHeartbeat() : Optional.empty();
    boolean schedulerUp =
        heartbeat
            .map(at -> !at.isBefore(probe.clock().instant().minus(SCHEDULER_HEARTBEAT_LIMIT)))
            .orElse(false);
    return new Health(
        status(databaseUp),
        status(isUp("redis", probe.redisUp())),
        new SchedulerStatus(status(schedulerUp).status(), heartbeat.orElse(null)));
  }

  private Optional<Instant> latestHeartbeat() {
    try {
      return probe.lastSchedulerHeartbeat().get();
    } catch (RuntimeException e) {
      LOG.warn("Health check could not read the scheduler heartbeat: {}", e.toString());
      return Optional.empty();
    }
  }

  /** A check that throws counts as down: the health endpoint itself must keep answering. */
  private static boolean isUp(String part, BooleanSupplier check) {
    try {
      return check.getAsBoolean();
    } catch (RuntimeException e) {
      LOG.warn("Health check of {} failed: {}", part, e.toString());
      return false;
    }
  }

  private static Status status(boolean up) {
    return new Status(up ? HEALTHY : UNHEALTHY);
  }
}

package io.updraft.api;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * How the API finds out whether the parts it depends on are up. The composition root passes real
 * checks (a database query, a Redis PING, the scheduler's last check-in), so this module needs
 * neither the queue module nor a Redis client.
 *
 * @param databaseUp whether the metadata database answers a query
 * @param redisUp whether Redis answers a PING
 * @param lastSchedulerHeartbeat when a scheduler last checked in, empty if none ever did
 * @param clock the clock the heartbeat's age is measured with
 */
public record HealthProbe(
    BooleanSupplier databaseUp,
    BooleanSupplier redisUp,
    Supplier<Optional<Instant>> lastSchedulerHeartbeat,
    Clock clock) {

  public HealthProbe {
    Objects.requireNonNull(databaseUp, "databaseUp");
    Objects.requireNonNull(redisUp, "redisUp");
    Objects.requireNonNull(lastSchedulerHeartbeat, "lastSchedulerHeartbeat");
    Objects.requireNonNull(clock, "clock");
  }
}

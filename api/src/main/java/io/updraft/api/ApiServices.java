package io.updraft.api;

import io.updraft.core.auth.UserAccounts;
import io.updraft.core.run.DagStore;
import io.updraft.core.run.RunStore;
import java.time.Clock;
import java.util.Objects;
import java.util.function.LongConsumer;

/**
 * Everything the API server reads and changes, passed in by the composition root.
 *
 * @param runCreated told the id of every run the API creates, so the scheduler hears of it at once
 */
public record ApiServices(
    DagStore dags,
    RunStore runs,
    UserAccounts users,
    HealthProbe health,
    LongConsumer runCreated,
    Clock clock) {

  public ApiServices {
    Objects.requireNonNull(dags, "dags");
    Objects.requireNonNull(runs, "runs");
    Objects.requireNonNull(users, "users");
    Objects.requireNonNull(health, "health");
    Objects.requireNonNull(runCreated, "runCreated");
    Objects.requireNonNull(clock, "clock");
  }
}

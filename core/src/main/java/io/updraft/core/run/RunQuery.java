package io.updraft.core.run;

import io.updraft.core.state.RunState;
import java.time.Instant;
import java.util.Set;

/**
 * Which runs to list across DAGs: of the DAGs whose id contains {@code dagIdContains} in any case
 * (every DAG when null; {@code %} and {@code _} match only themselves), in any of {@code states}
 * and {@code runTypes} (all when empty), with a logical date in [{@code from}, {@code to}] (open
 * where null).
 */
public record RunQuery(
    String dagIdContains, Set<RunState> states, Set<RunType> runTypes, Instant from, Instant to) {
  public RunQuery {
    states = states == null ? Set.of() : Set.copyOf(states);
    runTypes = runTypes == null ? Set.of() : Set.copyOf(runTypes);
  }
}

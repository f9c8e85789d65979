package io.updraft.core.run;

import io.updraft.core.state.RunState;
import java.time.Instant;
import java.util.Set;

/**
 * Which runs to list across DAGs: of the DAGs {@code dagIds} (every DAG when null; none when
 * empty), in any of {@code states} and {@code runTypes} (all when empty), with a logical date in
 * [{@code from}, {@code to}] (open where null).
 */
public record RunQuery(
    Set<String> dagIds, Set<RunState> states, Set<RunType> runTypes, Instant from, Instant to) {
  public RunQuery {
    dagIds = dagIds == null ? null : Set.copyOf(dagIds);
    states = states == null ? Set.of() : Set.copyOf(states);
    runTypes = runTypes == null ? Set.of() : Set.copyOf(runTypes);
  }
}

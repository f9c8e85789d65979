package io.updraft.core.run;

import io.updraft.core.state.RunState;
import java.time.Instant;
import java.util.Set;

/**
 * Which runs of a DAG to list: any of {@code states} (all when empty), with a logical date in
 * [{@code from}, {@code to}] (open where null).
 */
public record RunFilter(String dagId, Set<RunState> states, Instant from, Instant to) {
  public RunFilter {
    states = states == null ? Set.of() : Set.copyOf(states);
  }

  public static RunFilter all(String dagId) {
    return new RunFilter(dagId, Set.of(), null, null);
  }
}

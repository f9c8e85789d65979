package io.updraft.core.plan;

import io.updraft.core.cache.LeastRecentlyUsed;
import io.updraft.core.state.TaskState;
import java.util.Map;

/**
 * The task counts by state each run had when an event last had it planned, so that an event about a
 * run that has not changed since makes no plan. A run of thousands of tasks sends an event per
 * finished batch, and many arrive while the plan that already saw their change is under way.
 *
 * <p>The counts are read before the plan reads the run's rows: a change committed after that read
 * changes them, and the next event plans the run. What counts cannot show (a retry whose delay
 * passed, one task's state swapped for another's) waits for the sweep, which plans every active run
 * without asking here.
 */
public final class PlannedCounts {
  /** Runs remembered; an event about one forgotten is planned, as without this. */
  private static final int RUNS = 4_096;

  private final Map<Long, Seen> seen = LeastRecentlyUsed.map(RUNS);

  private record Seen(String dagVersion, Map<TaskState, Integer> counts) {}

  /**
   * Whether the run was last planned with these very counts and this version of its DAG, and no
   * task of it waits for the clock (a retry or reschedule due later).
   */
  public boolean unchanged(long runId, String dagVersion, Map<TaskState, Integer> counts) {
    if (counts.containsKey(TaskState.UP_FOR_RETRY)
        || counts.containsKey(TaskState.UP_FOR_RESCHEDULE)) {
      return false;
    }
    return new Seen(dagVersion, counts).equals(seen.get(runId));
  }

  /** The run was planned with these counts, read before its plan read anything else. */
  public void planned(long runId, String dagVersion, Map<TaskState, Integer> counts) {
    seen.put(runId, new Seen(dagVersion, Map.copyOf(counts)));
  }

  /** Plans the run on its next event whatever its counts (its plan failed, say). */
  public void forget(long runId) {
    seen.remove(runId);
  }
}

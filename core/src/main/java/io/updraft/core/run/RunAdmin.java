package io.updraft.core.run;

import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * What people do to runs by hand: clear tasks so they run again, and mark runs or tasks with a
 * state. Every task change goes through the transition table and writes history.
 */
public interface RunAdmin {
  /**
   * Clears the named tasks of a run (all when {@code taskIds} is empty) that are not running: they
   * go back to none with a new try, and the run back to queued so the scheduler plans it again.
   * Returns the task ids cleared.
   */
  List<String> clear(long dagRunId, Collection<String> taskIds, Instant at);

  /**
   * Sets a run's state by hand, as Airflow does: marking success ends its unfinished tasks with
   * success; marking failed fails its running tasks and skips the other unfinished ones; marking
   * queued clears it.
   */
  void markRun(long dagRunId, RunState state, Instant at);

  /**
   * Sets one task instance's state by hand; returns false when it has that state already or the
   * table does not allow it. A run that had ended is queued again, so that the scheduler plans what
   * follows from the task and ends the run as its tasks now say.
   */
  boolean markTask(long taskInstanceId, TaskState state, Instant at);
}

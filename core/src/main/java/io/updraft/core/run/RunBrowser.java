package io.updraft.core.run;

import io.updraft.core.deadline.DeadlineMiss;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** What the API and UI read about runs beyond {@link RunStore}: pages, tries, XCom by key. */
public interface RunBrowser {
  /** Runs matching {@code filter}, newest logical date first, with the total count. */
  RunPage runs(RunFilter filter, int limit, int offset);

  /** Runs of any DAG matching {@code query}, newest logical date first, with the total count. */
  RunPage search(RunQuery query, int limit, int offset);

  /** The task instances of many runs at once, by run id (for the grid). */
  Map<Long, List<TaskInstance>> taskInstances(Collection<Long> dagRunIds);

  /** Every try of a task instance, first try first. */
  List<TaskTry> tries(long taskInstanceId);

  /**
   * Every try of every task instance of a run, with when it was queued, started and ended: task
   * instances in the order they were created, each one's tries first try first.
   */
  List<TrySpan> trySpans(long dagRunId);

  /**
   * Missed deadlines, newest first: of one DAG ({@code dagId}, null: all) and one run of it ({@code
   * runId}, null: all).
   */
  List<DeadlineMiss> deadlineMisses(String dagId, String runId, int limit, int offset);

  /** A task's XCom values in a run, by key. */
  List<XComEntry> xcoms(long dagRunId, String taskId);
}

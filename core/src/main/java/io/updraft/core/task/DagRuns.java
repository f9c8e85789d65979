package io.updraft.core.task;

import io.updraft.core.state.TaskState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Other DAGs' runs as a task sees them: what cross-DAG operators and sensors need, and no more.
 * Triggers a run as the API and the command line do, and reads a run's and a task's states.
 */
public interface DagRuns {
  /**
   * Creates a manual run of {@code dagId}, checked as every manual trigger is ({@link
   * io.updraft.core.run.ManualTrigger}: run id, logical date, conf and the DAG's params). A paused
   * DAG gets its run too, which waits, queued, until the DAG is unpaused, as in Airflow.
   *
   * @param runId the run id, or null for {@code manual__<logical date>}
   * @param logicalDate the logical date, or null for now
   * @throws IllegalArgumentException when the DAG is unknown or no longer in the DAGs folder
   * @throws io.updraft.core.input.InvalidInputException when the run id, date or conf is invalid
   * @throws IllegalStateException when the DAG already has a run of that id or logical date
   */
  TriggeredRun trigger(String dagId, String runId, Instant logicalDate, Map<String, Object> conf);

  /** The DAG's run of this id, if any. */
  Optional<OtherRun> run(String dagId, String runId);

  /** The DAG's run of this logical date, if any. */
  Optional<OtherRun> runAt(String dagId, Instant logicalDate);

  /**
   * The states of the task's instances in the run (one, or one per value of a mapped task); empty
   * when the run has no such task.
   */
  List<TaskState> taskStates(OtherRun run, String taskId);

  /** A run just created by {@link #trigger}, and whether its DAG is paused (it waits then). */
  record TriggeredRun(OtherRun run, boolean dagPaused) {}
}

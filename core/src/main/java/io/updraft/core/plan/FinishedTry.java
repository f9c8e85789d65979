package io.updraft.core.plan;

import io.updraft.core.dag.DagStructure;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.LogLines;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import java.util.List;
import java.util.function.Function;

/**
 * A try that ended, as {@link RunProgress#record} takes it.
 *
 * @param outcome the fenced change {@code running → outcome} of the try
 * @param run the try's run
 * @param dag the structure the run was made from
 * @param taskId the task's id in {@code dag}
 * @param logs the try's last log lines, written in the commit that records it
 * @param skipsFor the skips the outcome causes (a branch's or a short circuit's), given the run's
 *     task instances as they stand with the outcome applied
 */
public record FinishedTry(
    TaskChange outcome,
    DagRun run,
    DagStructure dag,
    String taskId,
    List<LogLines> logs,
    Function<List<TaskInstance>, List<TaskChange>> skipsFor) {
  /** A try whose outcome causes no skips (no branch, or not a success). */
  public static FinishedTry withoutSkips(
      TaskChange outcome, DagRun run, DagStructure dag, String taskId, List<LogLines> logs) {
    return new FinishedTry(outcome, run, dag, taskId, logs, instances -> List.of());
  }
}

package io.updraft.core.plan;

import io.updraft.core.dag.DagStructure;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.RunStore;
import io.updraft.core.run.TaskInstance;
import java.util.List;

/**
 * A triggered run is committed with its root tasks first and the other task instances a commit
 * later ({@link RunStore#createAndStartRun}); a process that stops between the two leaves a running
 * run without them. Whoever reads the run to plan it adds them first, so that no plan ends the run
 * after its roots, nor misses a task that one of them made ready.
 *
 * <p>Only for a run of the structure's own version: a run made before a task was added to its DAG
 * lacks that task by design, and keeps lacking it.
 */
public final class MissingTaskInstances {
  private MissingTaskInstances() {}

  /** The run's task instances, after adding those it lacks. {@code read} are the rows just read. */
  public static List<TaskInstance> completed(
      RunStore runs, DagRun run, DagStructure dag, List<TaskInstance> read) {
    if (!lacks(run, dag, read.size())) {
      return read;
    }
    runs.addMissingTaskInstances(run, dag);
    return runs.taskInstances(run.id());
  }

  /**
   * Adds the task instances a started run lacks, as the worker that starts one of its pushed root
   * tasks does ({@link RunTrigger}), and plans the run when one of its tasks ended before they were
   * there: its hand-over found nothing to queue. Nothing for a run of another version than {@code
   * dag}, nor for one that has them all.
   */
  public static void addToStarted(
      RunStore runs, RunProgress progress, DagRun run, DagStructure dag) {
    if (dag.versionHash().equals(run.dagVersion()) && runs.addMissingTaskInstances(run, dag)) {
      progress.plan(runs.findRun(run.id()).orElse(run), dag);
    }
  }

  /**
   * Whether a run of {@code rows} task instances lacks some of {@code dag}'s. A mapped task only
   * adds rows and a run's first commit has no mapped task, so counting is enough: the run has fewer
   * rows than tasks exactly when its second commit is missing.
   */
  static boolean lacks(DagRun run, DagStructure dag, int rows) {
    return rows < dag.tasks().size() && dag.versionHash().equals(run.dagVersion());
  }
}

package io.updraft.api;

import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.DownstreamTasks;
import io.updraft.core.dag.UpstreamTasks;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.RunAdmin;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * Clearing chosen tasks of a run so they run again, with the tasks upstream or downstream of them
 * when asked (Airflow's {@code include_upstream} and {@code include_downstream}). {@code POST
 * /api/v1/dags/{dag_id}/clearTaskInstances} and the task page's Clear button both come here.
 */
final class TaskClearing {
  private final ApiLookup lookup;
  private final RunAdmin admin;
  private final LongConsumer runChanged;
  private final Clock clock;

  TaskClearing(ApiLookup lookup, RunAdmin admin, LongConsumer runChanged, Clock clock) {
    this.lookup = lookup;
    this.admin = admin;
    this.runChanged = runChanged;
    this.clock = clock;
  }

  /**
   * Returns the task ids cleared; a running task is left alone. Each id must be a task of the run
   * (a 404 names the first that is not).
   */
  List<String> clear(DagRun run, List<String> taskIds, boolean upstream, boolean downstream) {
    if (taskIds.isEmpty()) {
      throw ApiProblem.badRequest(
          "'task_ids' is empty; name the tasks to clear, or POST .../dagRuns/"
              + run.runId()
              + "/clear to clear the whole run.");
    }
    for (String taskId : taskIds) {
      lookup.taskInstance(run.dagId(), run.runId(), taskId);
    }
    DagStructure dag = lookup.dag(run.dagId()).structure();
    Set<String> chosen = new LinkedHashSet<>(taskIds);
    if (upstream) {
      chosen.addAll(UpstreamTasks.including(dag, Set.copyOf(taskIds)));
    }
    if (downstream) {
      chosen.addAll(DownstreamTasks.including(dag, Set.copyOf(taskIds)));
    }
    List<String> cleared = admin.clear(run.id(), chosen, clock.instant());
    runChanged.accept(run.id());
    return cleared;
  }
}

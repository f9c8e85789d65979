package io.updraft.api;

import io.updraft.core.run.DagRun;
import io.updraft.core.run.DagStore;
import io.updraft.core.run.InstancesOfTask;
import io.updraft.core.run.RunStore;
import io.updraft.core.run.StoredDag;
import io.updraft.core.run.TaskInstance;

/** Finds the DAG or run a URL names, or answers 404 with what to do instead. */
final class ApiLookup {
  private final DagStore dags;
  private final RunStore runs;

  ApiLookup(DagStore dags, RunStore runs) {
    this.dags = dags;
    this.runs = runs;
  }

  StoredDag dag(String dagId) {
    return dags.find(dagId)
        .orElseThrow(
            () ->
                ApiProblem.notFound(
                    "DAG '"
                        + dagId
                        + "' does not exist. GET /api/v1/dags lists the DAGs the scheduler has"
                        + " stored; a new DAG appears once the scheduler has loaded it."));
  }

  DagRun run(String dagId, String runId) {
    dag(dagId);
    return runs.findRun(dagId, runId)
        .orElseThrow(
            () ->
                ApiProblem.notFound(
                    "DAG '"
                        + dagId
                        + "' has no run '"
                        + runId
                        + "'. GET /api/v1/dags/"
                        + dagId
                        + "/dagRuns lists its runs; URL-encode the run id (':' as %3A, '+' as"
                        + " %2B)."));
  }

  TaskInstance taskInstance(String dagId, String runId, String taskId) {
    return taskInstance(dagId, runId, taskId, null);
  }

  /**
   * One task instance; of a mapped task, instance {@code mapIndexText} (the {@code map_index} query
   * parameter), its first when that is null.
   */
  TaskInstance taskInstance(String dagId, String runId, String taskId, String mapIndexText) {
    DagRun run = run(dagId, runId);
    InstancesOfTask found = InstancesOfTask.in(runs.taskInstances(run.id()), taskId);
    Integer mapIndex = mapIndexText == null || found.isEmpty() ? null : mapIndex(mapIndexText);
    if (mapIndex != null) {
      return found
          .pick(mapIndex)
          .orElseThrow(() -> ApiProblem.notFound(found.noInstance(runId, mapIndex)));
    }
    return found
        .pick(null)
        .orElseThrow(
            () ->
                ApiProblem.notFound(
                    "Run '"
                        + runId
                        + "' of DAG '"
                        + dagId
                        + "' has no task '"
                        + taskId
                        + "'. GET /api/v1/dags/"
                        + dagId
                        + " lists the DAG's tasks."));
  }

  private static int mapIndex(String text) {
    try {
      int value = Integer.parseInt(text.strip());
      if (value >= -1) {
        return value;
      }
    } catch (NumberFormatException e) {
      // Said below.
    }
    throw ApiProblem.badRequest(
        "map_index must be a whole number from 0 (or -1 for an unmapped task), got '" + text + "'");
  }

  /** A try number from the URL: a whole number from 1 to the task's current try. */
  static int tryNumber(String text, TaskInstance ti) {
    int value;
    try {
      value = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      value = -1;
    }
    if (value < 1 || value > ti.tryNumber()) {
      throw ApiProblem.notFound(
          "Task '"
              + ti.taskId()
              + "' of run '"
              + ti.runId()
              + "' has tries 1 to "
              + ti.tryNumber()
              + "; there is no try '"
              + text
              + "'.");
    }
    return value;
  }
}

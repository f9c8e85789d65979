package io.updraft.api;

import io.javalin.http.Context;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.RunStore;
import io.updraft.core.run.TaskInstance;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** {@code GET /api/v1/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances}, in the DAG's order. */
final class TaskInstancesHandler {
  record TaskInstanceJson(
      String taskId,
      String dagId,
      String dagRunId,
      String state,
      int tryNumber,
      int maxTries,
      String queue,
      String pool,
      int priorityWeight,
      String hostname,
      Instant queuedWhen,
      Instant startDate,
      Instant endDate,
      Double duration) {

    static TaskInstanceJson of(TaskInstance ti) {
      return new TaskInstanceJson(
          ti.taskId(),
          ti.dagId(),
          ti.runId(),
          ti.state().wireName(),
          ti.tryNumber(),
          ti.maxTries(),
          ti.queue(),
          ti.pool(),
          ti.priorityWeight(),
          ti.worker(),
          ti.queuedAt(),
          ti.startDate(),
          ti.endDate(),
          seconds(ti.startDate(), ti.endDate()));
    }

    private static Double seconds(Instant start, Instant end) {
      if (start == null || end == null) {
        return null;
      }
      return Duration.between(start, end).toNanos() / 1e9;
    }
  }

  record TaskInstanceList(List<TaskInstanceJson> taskInstances, int totalEntries) {}

  private final ApiLookup lookup;
  private final RunStore runs;

  TaskInstancesHandler(ApiLookup lookup, RunStore runs) {
    this.lookup = lookup;
    this.runs = runs;
  }

  void list(Context ctx) {
    DagRun run = lookup.run(ctx.pathParam("dag_id"), ctx.pathParam("dag_run_id"));
    List<TaskInstanceJson> found =
        runs.taskInstances(run.id()).stream().map(TaskInstanceJson::of).toList();
    ctx.json(new TaskInstanceList(found, found.size()));
  }
}

package io.updraft.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.RunAdmin;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * {@code POST /api/v1/dags/{dag_id}/clearTaskInstances}: {@code {"dag_run_id": "...", "task_ids":
 * ["a", "b"]}} runs those tasks of that run again.
 */
final class ClearTaskInstancesHandler {
  record ClearedJson(String dagRunId, List<String> taskIds) {}

  private final ApiLookup lookup;
  private final RunAdmin admin;
  private final LongConsumer runChanged;
  private final Clock clock;

  ClearTaskInstancesHandler(
      ApiLookup lookup, RunAdmin admin, LongConsumer runChanged, Clock clock) {
    this.lookup = lookup;
    this.admin = admin;
    this.runChanged = runChanged;
    this.clock = clock;
  }

  void clear(Context ctx) {
    String dagId = ctx.pathParam("dag_id");
    JsonNode body = JsonBodies.object(ctx, "dag_run_id", "task_ids");
    JsonNode runId = body.get("dag_run_id");
    JsonNode taskIds = body.get("task_ids");
    if (runId == null || !runId.isTextual() || taskIds == null || !taskIds.isArray()) {
      throw ApiProblem.badRequest(
          "Send {\"dag_run_id\": \"RUN\", \"task_ids\": [\"TASK\", ...]}; the run's tasks are at"
              + " GET /api/v1/dags/"
              + dagId
              + "/dagRuns/RUN/taskInstances.");
    }
    DagRun run = lookup.run(dagId, runId.asText());
    List<String> ids = new ArrayList<>();
    taskIds.forEach(t -> ids.add(t.asText()));
    for (String taskId : ids) {
      lookup.taskInstance(dagId, run.runId(), taskId);
    }
    if (ids.isEmpty()) {
      throw ApiProblem.badRequest(
          "'task_ids' is empty; name the tasks to clear, or POST .../dagRuns/"
              + run.runId()
              + "/clear to clear the whole run.");
    }
    List<String> cleared = admin.clear(run.id(), ids, clock.instant());
    runChanged.accept(run.id());
    ctx.json(new ClearedJson(run.runId(), cleared));
  }
}

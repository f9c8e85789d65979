package io.updraft.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.updraft.core.run.DagRun;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /api/v1/dags/{dag_id}/clearTaskInstances}: {@code {"dag_run_id": "...", "task_ids":
 * ["a", "b"]}} runs those tasks of that run again; {@code "include_upstream": true} and {@code
 * "include_downstream": true} add the tasks upstream or downstream of them, as in Airflow.
 */
final class ClearTaskInstancesHandler {
  record ClearedJson(String dagRunId, List<String> taskIds) {}

  private final ApiLookup lookup;
  private final TaskClearing clearing;

  ClearTaskInstancesHandler(ApiLookup lookup, TaskClearing clearing) {
    this.lookup = lookup;
    this.clearing = clearing;
  }

  void clear(Context ctx) {
    String dagId = ctx.pathParam("dag_id");
    JsonNode body =
        JsonBodies.object(ctx, "dag_run_id", "task_ids", "include_upstream", "include_downstream");
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
    List<String> cleared =
        clearing.clear(run, ids, flag(body, "include_upstream"), flag(body, "include_downstream"));
    ctx.json(new ClearedJson(run.runId(), cleared));
  }

  private static boolean flag(JsonNode body, String field) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return false;
    }
    if (!node.isBoolean()) {
      throw ApiProblem.badRequest(
          "'"
              + field
              + "' must be true or false, got "
              + node
              + "; send a boolean or leave it out.");
    }
    return node.booleanValue();
  }
}

package io.updraft.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.updraft.core.json.Json;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.RunBrowser;
import io.updraft.core.run.RunStore;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.run.TaskLogStore;
import io.updraft.core.run.XComEntry;
import io.updraft.core.state.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** {@code GET /api/v1/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances}, in the DAG's order. */
final class TaskInstancesHandler {
  /**
   * @param mapIndex the instance of a mapped task, from 0; -1 when the task is not mapped
   */
  record TaskInstanceJson(
      String taskId,
      int mapIndex,
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
          ti.mapIndex(),
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

  record TryJson(
      String taskId,
      String dagRunId,
      int tryNumber,
      String state,
      String hostname,
      Instant startDate,
      Instant endDate) {}

  record TryList(List<TryJson> taskInstances, int totalEntries) {}

  record XComJson(
      String dagId, String dagRunId, String taskId, String key, JsonNode value, Instant timestamp) {
    static XComJson of(TaskInstance ti, XComEntry x) {
      JsonNode value;
      try {
        value = Json.MAPPER.readTree(x.json());
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        value = Json.MAPPER.getNodeFactory().textNode(x.json());
      }
      return new XComJson(ti.dagId(), ti.runId(), ti.taskId(), x.key(), value, x.timestamp());
    }
  }

  record XComList(List<XComJson> xcomEntries, int totalEntries) {}

  private static final java.util.Set<TaskState> STILL_WRITING =
      java.util.EnumSet.of(
          TaskState.NONE,
          TaskState.SCHEDULED,
          TaskState.QUEUED,
          TaskState.RUNNING,
          TaskState.UP_FOR_RESCHEDULE);

  private final ApiLookup lookup;
  private final RunStore runs;
  private final RunBrowser browser;
  private final TaskMarking marking;
  private final TaskLogStore logs;

  TaskInstancesHandler(
      ApiLookup lookup, RunStore runs, RunBrowser browser, TaskMarking marking, TaskLogStore logs) {
    this.lookup = lookup;
    this.runs = runs;
    this.browser = browser;
    this.marking = marking;
    this.logs = logs;
  }

  void list(Context ctx) {
    DagRun run = lookup.run(ctx.pathParam("dag_id"), ctx.pathParam("dag_run_id"));
    List<TaskInstanceJson> found =
        runs.taskInstances(run.id()).stream().map(TaskInstanceJson::of).toList();
    ctx.json(new TaskInstanceList(found, found.size()));
  }

  void get(Context ctx) {
    ctx.json(TaskInstanceJson.of(taskInstance(ctx)));
  }

  /** {@code PATCH}: {@code {"new_state": "success" | "failed" | "skipped"}}. */
  void patch(Context ctx) {
    TaskInstance ti = taskInstance(ctx);
    JsonNode state = JsonBodies.object(ctx, "new_state").get("new_state");
    TaskState wanted =
        state != null && state.isTextual() ? TaskMarking.markable(state.asText()) : null;
    if (wanted == null) {
      throw ApiProblem.badRequest(
          "PATCH a task instance with {\"new_state\": \"success\"}, \"failed\" or"
              + " \"skipped\"; got "
              + state
              + ". To run it again, POST /api/v1/dags/"
              + ti.dagId()
              + "/clearTaskInstances.");
    }
    ctx.json(TaskInstanceJson.of(marking.mark(ti, wanted)));
  }

  void tries(Context ctx) {
    TaskInstance ti = taskInstance(ctx);
    List<TryJson> tries =
        browser.tries(ti.id()).stream()
            .map(
                t ->
                    new TryJson(
                        ti.taskId(),
                        ti.runId(),
                        t.tryNumber(),
                        t.state(),
                        t.worker(),
                        t.startDate(),
                        t.endDate()))
            .toList();
    ctx.json(new TryList(tries, tries.size()));
  }

  void xcoms(Context ctx) {
    TaskInstance ti = taskInstance(ctx);
    List<XComJson> entries =
        browser.xcoms(ti.dagRunId(), ti.taskId()).stream().map(x -> XComJson.of(ti, x)).toList();
    ctx.json(new XComList(entries, entries.size()));
  }

  void xcom(Context ctx) {
    TaskInstance ti = taskInstance(ctx);
    String key = ctx.pathParam("xcom_key");
    XComEntry entry =
        browser.xcoms(ti.dagRunId(), ti.taskId()).stream()
            .filter(x -> x.key().equals(key))
            .findFirst()
            .orElseThrow(
                () ->
                    ApiProblem.notFound(
                        "Task '"
                            + ti.taskId()
                            + "' of run '"
                            + ti.runId()
                            + "' has no XCom '"
                            + key
                            + "'. GET .../xcomEntries lists its keys."));
    ctx.json(XComJson.of(ti, entry));
  }

  /**
   * {@code GET .../logs/{task_try_number}?offset=N&limit=M}: a page of lines (see {@link
   * LogPages}), readable while running.
   */
  void logs(Context ctx) {
    TaskInstance ti = taskInstance(ctx);
    int tryNumber = ApiLookup.tryNumber(ctx.pathParam("task_try_number"), ti);
    boolean more = tryNumber == ti.tryNumber() && STILL_WRITING.contains(ti.state());
    ctx.json(LogPages.page(ctx, logs, ti.id(), ti.taskId(), tryNumber, more));
  }

  TaskInstance taskInstance(Context ctx) {
    return lookup.taskInstance(
        ctx.pathParam("dag_id"),
        ctx.pathParam("dag_run_id"),
        ctx.pathParam("task_id"),
        ctx.queryParam("map_index"));
  }
}

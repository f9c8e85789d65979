package io.updraft.api;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.TaskState;
import java.util.List;

/**
 * The task page's forms: mark the instance success or failed, and clear it (with its upstream or
 * downstream tasks when ticked). They go through the same code as the API ({@link TaskMarking},
 * {@link TaskClearing}) and answer with a redirect back to the task page. CSRF tokens and the op
 * role are checked before these run, by {@link Authentication}.
 */
final class UiTaskActionsHandler {
  private final ApiLookup lookup;
  private final TaskMarking marking;
  private final TaskClearing clearing;

  UiTaskActionsHandler(ApiLookup lookup, TaskMarking marking, TaskClearing clearing) {
    this.lookup = lookup;
    this.marking = marking;
    this.clearing = clearing;
  }

  void mark(Context ctx) {
    TaskInstance ti = taskInstance(ctx);
    String state = ctx.formParam("state");
    TaskState wanted = TaskMarking.markable(state);
    if (wanted != TaskState.SUCCESS && wanted != TaskState.FAILED) {
      throw ApiProblem.badRequest(
          "A task can be marked success or failed here, not "
              + io.updraft.core.input.InvalidInputException.quote(String.valueOf(state))
              + ".");
    }
    marking.mark(ti, wanted);
    ctx.redirect(Links.task(ti.dagId(), ti.runId(), ti.taskId()), HttpStatus.SEE_OTHER);
  }

  void clear(Context ctx) {
    DagRun run = lookup.run(ctx.pathParam("dag_id"), ctx.pathParam("dag_run_id"));
    String taskId = taskInstance(ctx).taskId();
    clearing.clear(run, List.of(taskId), ticked(ctx, "upstream"), ticked(ctx, "downstream"));
    ctx.redirect(Links.task(run.dagId(), run.runId(), taskId), HttpStatus.SEE_OTHER);
  }

  private static boolean ticked(Context ctx, String checkbox) {
    return "true".equals(ctx.formParam(checkbox));
  }

  private TaskInstance taskInstance(Context ctx) {
    return lookup.taskInstance(
        ctx.pathParam("dag_id"),
        ctx.pathParam("dag_run_id"),
        ctx.pathParam("task_id"),
        ctx.formParam("map_index"));
  }
}

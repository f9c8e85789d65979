package io.updraft.api;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.updraft.core.input.InvalidInputException;
import io.updraft.core.input.UntrustedJson;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.DagStore;
import io.updraft.core.run.ManualTrigger;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.RunAdmin;
import io.updraft.core.run.RunStore;
import io.updraft.core.run.StoredDag;
import io.updraft.core.state.RunState;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * The UI's forms: pause, trigger, clear and mark. Each answers with a redirect to the page to look
 * at next (post/redirect/get), so a reload never posts twice. CSRF tokens are checked before these
 * run, by {@link Authentication}.
 */
final class UiActionsHandler {
  private final ApiLookup lookup;
  private final DagStore dags;
  private final RunStore runs;
  private final RunAdmin admin;
  private final LongConsumer runChanged;
  private final Clock clock;

  UiActionsHandler(
      ApiLookup lookup,
      DagStore dags,
      RunStore runs,
      RunAdmin admin,
      LongConsumer runChanged,
      Clock clock) {
    this.lookup = lookup;
    this.dags = dags;
    this.runs = runs;
    this.admin = admin;
    this.runChanged = runChanged;
    this.clock = clock;
  }

  void setPaused(Context ctx) {
    StoredDag dag = lookup.dag(ctx.pathParam("dag_id"));
    dags.setPaused(dag.dagId(), Boolean.parseBoolean(ctx.formParam("paused")));
    ctx.redirect("/", HttpStatus.SEE_OTHER);
  }

  void trigger(Context ctx) {
    StoredDag dag = lookup.dag(ctx.pathParam("dag_id"));
    NewDagRun request;
    try {
      Map<String, Object> conf = UntrustedJson.parseObject(ctx.formParam("conf"), "The run's conf");
      request = ManualTrigger.request(dag.structure(), null, null, conf, clock.instant());
    } catch (InvalidInputException e) {
      String message = e.getMessage();
      throw ApiProblem.badRequest(
          message + (message.endsWith(".") ? "" : ".") + " Go back and correct it.");
    }
    DagRun run =
        runs.createRun(request, dag.structure())
            .orElseThrow(
                () ->
                    new ApiProblem(
                        HttpStatus.CONFLICT,
                        "DAG '" + dag.dagId() + "' already has a run at this instant; retry."));
    runChanged.accept(run.id());
    AuditTrail.note(ctx, "run_id", run.runId());
    ctx.redirect(Links.run(dag.dagId(), run.runId()), HttpStatus.SEE_OTHER);
  }

  void clearRun(Context ctx) {
    DagRun run = lookup.run(ctx.pathParam("dag_id"), ctx.pathParam("dag_run_id"));
    admin.clear(run.id(), List.of(), clock.instant());
    runChanged.accept(run.id());
    ctx.redirect(Links.run(run.dagId(), run.runId()), HttpStatus.SEE_OTHER);
  }

  void markRun(Context ctx) {
    DagRun run = lookup.run(ctx.pathParam("dag_id"), ctx.pathParam("dag_run_id"));
    String state = ctx.formParam("state");
    RunState wanted =
        "success".equals(state)
            ? RunState.SUCCESS
            : "failed".equals(state) ? RunState.FAILED : null;
    if (wanted == null) {
      throw ApiProblem.badRequest("A run can be marked success or failed, not '" + state + "'.");
    }
    admin.markRun(run.id(), wanted, clock.instant());
    runChanged.accept(run.id());
    ctx.redirect(Links.run(run.dagId(), run.runId()), HttpStatus.SEE_OTHER);
  }

  void clearTask(Context ctx) {
    DagRun run = lookup.run(ctx.pathParam("dag_id"), ctx.pathParam("dag_run_id"));
    String taskId =
        lookup.taskInstance(run.dagId(), run.runId(), ctx.pathParam("task_id")).taskId();
    admin.clear(run.id(), List.of(taskId), clock.instant());
    runChanged.accept(run.id());
    ctx.redirect(Links.task(run.dagId(), run.runId(), taskId), HttpStatus.SEE_OTHER);
  }
}

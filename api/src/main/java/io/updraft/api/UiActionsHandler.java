package io.updraft.api;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.DagStore;
import io.updraft.core.run.RunAdmin;
import io.updraft.core.run.StoredDag;
import io.updraft.core.state.RunState;
import java.time.Clock;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * The UI's forms: pause, clear and mark runs (the trigger form has {@link TriggerFormHandler}, a
 * task's actions {@link UiTaskActionsHandler}). Each answers with a redirect to the page to look at
 * next (post/redirect/get), so a reload never posts twice. CSRF tokens are checked before these
 * run, by {@link Authentication}.
 */
final class UiActionsHandler {
  private final ApiLookup lookup;
  private final DagStore dags;
  private final RunAdmin admin;
  private final LongConsumer runChanged;
  private final Clock clock;

  UiActionsHandler(
      ApiLookup lookup, DagStore dags, RunAdmin admin, LongConsumer runChanged, Clock clock) {
    this.lookup = lookup;
    this.dags = dags;
    this.admin = admin;
    this.runChanged = runChanged;
    this.clock = clock;
  }

  void setPaused(Context ctx) {
    StoredDag dag = lookup.dag(ctx.pathParam("dag_id"));
    dags.setPaused(dag.dagId(), Boolean.parseBoolean(ctx.formParam("paused")));
    ctx.redirect("/", HttpStatus.SEE_OTHER);
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
}

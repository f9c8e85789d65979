package io.updraft.api;

import io.javalin.http.Context;
import io.updraft.api.view.Layout;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.RunBrowser;
import io.updraft.core.run.RunFilter;
import io.updraft.core.run.RunStore;
import io.updraft.core.run.StoredDag;
import io.updraft.core.run.TaskInstance;
import java.util.List;
import java.util.Map;

/**
 * The UI's charts of what runs did: a run's Gantt chart, and a DAG's task durations and landing
 * times over its latest runs.
 */
final class RunHistoryHandler {
  static final int DEFAULT_CHART_RUNS = 25;

  private final ApiLookup lookup;
  private final RunStore runs;
  private final RunBrowser browser;
  private final Templates templates;

  RunHistoryHandler(ApiLookup lookup, RunStore runs, RunBrowser browser, Templates templates) {
    this.lookup = lookup;
    this.runs = runs;
    this.browser = browser;
    this.templates = templates;
  }

  /** {@code GET /dags/{dag_id}/runs/{dag_run_id}/gantt}. */
  void gantt(Context ctx) {
    DagRun run = lookup.run(ctx.pathParam("dag_id"), ctx.pathParam("dag_run_id"));
    Layout layout = UiHandler.layout(ctx, "Gantt " + run.runId());
    templates.html(
        ctx,
        "gantt.jte",
        GanttCharts.build(
            run.state().isTerminal() ? layout : layout.refreshingEvery(UiHandler.REFRESH_SECONDS),
            run,
            runs.taskInstances(run.id()),
            browser.trySpans(run.id())));
  }

  /** {@code GET /dags/{dag_id}/durations?runs=N}. */
  void durations(Context ctx) {
    chart(
        ctx,
        RunCharts.DURATION,
        "Task durations",
        "How long each task ran in each of the latest runs, from its start to its end (a mapped"
            + " task from its first instance's start to its last one's end).",
        "/durations");
  }

  /** {@code GET /dags/{dag_id}/landing-times?runs=N}. */
  void landingTimes(Context ctx) {
    chart(
        ctx,
        RunCharts.LANDING,
        "Landing times",
        "When each task ended in each of the latest runs, counted from the end of the run's data"
            + " interval: how long after its data was complete the task's result landed.",
        "/landing-times");
  }

  private void chart(
      Context ctx, RunCharts.Measure measure, String title, String explanation, String path) {
    StoredDag dag = lookup.dag(ctx.pathParam("dag_id"));
    int count = RunsParameter.of(ctx, DEFAULT_CHART_RUNS);
    List<DagRun> recent = browser.runs(RunFilter.all(dag.dagId()), count, 0).runs();
    Map<Long, List<TaskInstance>> tis =
        browser.taskInstances(recent.stream().map(DagRun::id).toList());
    templates.html(
        ctx,
        "run_chart.jte",
        RunCharts.build(
            UiHandler.layout(ctx, title + " " + dag.dagId()),
            dag,
            recent,
            tis,
            measure,
            title,
            explanation,
            Links.dag(dag.dagId()) + path));
  }
}

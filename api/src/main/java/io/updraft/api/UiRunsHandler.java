package io.updraft.api;

import io.javalin.http.Context;
import io.updraft.api.view.RunsListView;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.RunBrowser;
import io.updraft.core.run.RunPage;
import io.updraft.core.run.RunType;
import io.updraft.core.state.RunState;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

/** {@code GET /runs}: the runs of every DAG, newest first, filtered as the API's {@code ~} list. */
final class UiRunsHandler {
  private final RunBrowser browser;
  private final Templates templates;
  private final Clock clock;

  UiRunsHandler(RunBrowser browser, Templates templates, Clock clock) {
    this.browser = browser;
    this.templates = templates;
    this.clock = clock;
  }

  void page(Context ctx) {
    int limit = Paging.limit(ctx);
    int offset = Paging.offset(ctx);
    RunPage page = browser.search(RunQueries.of(ctx), limit, offset);
    List<RunsListView.RunRow> rows = page.runs().stream().map(this::row).toList();
    boolean active = page.runs().stream().anyMatch(r -> !r.state().isTerminal());
    var layout = UiHandler.layout(ctx, "Runs");
    templates.html(
        ctx,
        "runs.jte",
        new RunsListView(
            active ? layout.refreshingEvery(UiHandler.REFRESH_SECONDS) : layout,
            new RunsListView.Filters(
                shown(ctx, "dag_id_pattern"),
                chosen(ctx, "state"),
                chosen(ctx, "run_type"),
                shown(ctx, "logical_date_gte"),
                shown(ctx, "logical_date_lte")),
            Arrays.stream(RunState.values()).map(RunState::wireName).toList(),
            Arrays.stream(RunType.values()).map(RunType::wireName).toList(),
            rows,
            Pages.of(
                ctx,
                "/runs",
                RunQueries.PARAMETERS,
                offset,
                limit,
                rows.size(),
                page.totalEntries(),
                page.totalIsAtLeast())));
  }

  private RunsListView.RunRow row(DagRun run) {
    return new RunsListView.RunRow(
        run.dagId(),
        Links.dag(run.dagId()),
        run.runId(),
        Links.run(run.dagId(), run.runId()),
        run.runType().wireName(),
        run.state().wireName(),
        UiPagesHandler.text(run.logicalDate()),
        UiPagesHandler.text(run.startDate()),
        UiPagesHandler.text(run.endDate()),
        UiPagesHandler.duration(
            run.startDate(),
            run.endDate() == null && run.startDate() != null ? clock.instant() : run.endDate()));
  }

  private static String shown(Context ctx, String name) {
    String value = ctx.queryParam(name);
    return value == null ? "" : value;
  }

  /** The values of a multi-valued filter, each parameter split at commas as the query reads it. */
  private static List<String> chosen(Context ctx, String name) {
    return ctx.queryParams(name).stream()
        .flatMap(v -> Arrays.stream(v.split(",")))
        .map(String::strip)
        .toList();
  }
}

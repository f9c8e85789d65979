package io.updraft.api;

import io.javalin.http.Context;
import io.updraft.api.view.DagRow;
import io.updraft.api.view.DagsFilters;
import io.updraft.api.view.DagsView;
import io.updraft.api.view.ImportErrorRow;
import io.updraft.api.view.Layout;
import io.updraft.api.view.RunDot;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.run.DagPage;
import io.updraft.core.run.DagQuery;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.DagStore;
import io.updraft.core.run.ImportErrorStore;
import io.updraft.core.run.NextRuns;
import io.updraft.core.run.RunStore;
import io.updraft.core.run.StoredDag;
import io.updraft.core.schedule.DataInterval;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code GET /}: the DAGs page, under a banner of the DAG files that did not load. */
final class UiHandler {
  /** How many recent runs each row shows. */
  static final int RECENT_RUNS = 10;

  static final int REFRESH_SECONDS = 5;

  private final DagStore dags;
  private final ImportErrorStore importErrors;
  private final RunStore runs;
  private final Templates templates;
  private final Clock clock;

  UiHandler(
      DagStore dags,
      ImportErrorStore importErrors,
      RunStore runs,
      Templates templates,
      Clock clock) {
    this.dags = dags;
    this.importErrors = importErrors;
    this.runs = runs;
    this.templates = templates;
    this.clock = clock;
  }

  void dagsPage(Context ctx) {
    DagsFilter filter = DagsFilter.of(ctx);
    int limit = Paging.limit(ctx);
    int offset = Paging.offset(ctx);
    DagQuery query = filter.query();
    // Filtering, counting and paging happen in SQL: only the page's DAGs are read and shown.
    DagPage page = dags.page(query, offset, limit);
    int total = page.allDags();
    // The page's recent runs and last scheduled intervals in two queries, not two per DAG.
    List<String> ids = page.dags().stream().map(StoredDag::dagId).toList();
    Map<String, List<DagRun>> recent = runs.listRuns(ids, RECENT_RUNS);
    Map<String, DataInterval> scheduled = runs.lastScheduledIntervals(ids);
    Instant now = clock.instant();
    List<DagRow> rows =
        page.dags().stream()
            .map(
                d ->
                    row(
                        d,
                        recent.getOrDefault(d.dagId(), List.of()),
                        NextRuns.next(
                            d.structure(), Optional.ofNullable(scheduled.get(d.dagId())), now)))
            .toList();
    boolean active =
        rows.stream()
            .flatMap(r -> r.recentRuns().stream())
            .anyMatch(d -> d.state().equals("running") || d.state().equals("queued"));
    Layout layout = layout(ctx, "DAGs");
    templates.html(
        ctx,
        "dags.jte",
        new DagsView(
            active ? layout.refreshingEvery(REFRESH_SECONDS) : layout,
            rows,
            importErrors.list().stream()
                .map(
                    e ->
                        new ImportErrorRow(
                            e.filename(), e.message(), NextRun.TIME.format(e.recordedAt())))
                .toList(),
            filters(filter, page),
            total,
            Pages.of(
                ctx,
                "/",
                DagsFilter.PARAMETERS,
                offset,
                limit,
                rows.size(),
                page.totalEntries(query))));
  }

  private static DagsFilters filters(DagsFilter filter, DagPage page) {
    DagStore.DagChoices choices = page.choices();
    String base = "/?" + filter.withoutStatus();
    int all = page.matchingAnyPaused();
    int paused = page.pausedMatching();
    String status = filter.status() == null ? "all" : filter.status();
    List<DagsFilters.Count> counts =
        List.of(
            new DagsFilters.Count("All", all, base + "status=all", status.equals("all")),
            new DagsFilters.Count(
                "Active", all - paused, base + "status=active", status.equals("active")),
            new DagsFilters.Count(
                "Paused", paused, base + "status=paused", status.equals("paused")));
    return new DagsFilters(
        filter.search() == null ? "" : filter.search(),
        filter.tag() == null ? "" : filter.tag(),
        status,
        filter.lastRunState() == null ? "" : filter.lastRunState(),
        filter.owner() == null ? "" : filter.owner(),
        choices.tags(),
        choices.owners(),
        DagsFilter.LAST_RUN_STATES,
        counts);
  }

  private static DagRow row(StoredDag dag, List<DagRun> recent, Optional<DataInterval> next) {
    DagStructure s = dag.structure();
    List<RunDot> dots = new ArrayList<>();
    for (DagRun run : recent.reversed()) {
      dots.add(
          new RunDot(run.runId(), run.state().wireName(), Links.run(dag.dagId(), run.runId())));
    }
    return new DagRow(
        dag.dagId(),
        Links.dag(dag.dagId()),
        s.description(),
        s.schedule(),
        dag.paused(),
        s.tags(),
        s.owners(),
        dots,
        recent.isEmpty() ? null : recent.getFirst().state().wireName(),
        NextRun.text(next),
        NextRun.explanation(next));
  }

  static Layout layout(Context ctx, String title) {
    Caller caller = Caller.of(ctx);
    return new Layout(title, caller.user(), caller.csrfToken(), 0);
  }
}

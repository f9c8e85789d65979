package io.updraft.api;

import io.javalin.http.Context;
import io.updraft.core.run.DagStore;
import io.updraft.core.run.RunStore;
import java.util.List;

/** {@code GET /}: the server-rendered DAGs page. */
final class UiHandler {
  /** The page has only inline styles and no scripts, so the browser may load nothing else. */
  private static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

  private final DagStore dags;
  private final RunStore runs;

  UiHandler(DagStore dags, RunStore runs) {
    this.dags = dags;
    this.runs = runs;
  }

  void dagsPage(Context ctx) {
    List<DagsPage.Row> rows =
        dags.list().stream()
            .map(dag -> new DagsPage.Row(dag, runs.listRuns(dag.dagId(), DagsPage.RECENT_RUNS)))
            .toList();
    ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .header("X-Content-Type-Options", "nosniff")
        .html(DagsPage.render(rows));
  }
}

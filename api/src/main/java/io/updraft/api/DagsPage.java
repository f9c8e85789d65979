package io.updraft.api;

import io.updraft.core.run.DagRun;
import io.updraft.core.run.StoredDag;
import java.util.List;

/**
 * The "DAGs" page: one row per DAG with its recent runs as coloured dots. Every value from the
 * database goes through {@link Html#escape}, since descriptions and ids come from user code.
 */
final class DagsPage {
  /** How many recent runs each row shows. */
  static final int RECENT_RUNS = 10;

  static final int REFRESH_SECONDS = 5;

  /** A DAG and its most recent runs, newest first. */
  record Row(StoredDag dag, List<DagRun> recentRuns) {}

  private static final String STYLE =
      """
      body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; }
      h1 { font-size: 1.5rem; margin-bottom: 1rem; }
      table { border-collapse: collapse; width: 100%; }
      th, td { text-align: left; padding: .5rem .75rem; border-bottom: 1px solid #ddd; }
      th { background: #f5f5f5; font-weight: 600; }
      code { font-size: .9em; }
      .dot { display: inline-block; width: 12px; height: 12px; border-radius: 50%;
             margin-right: 3px; border: 1px solid rgba(0,0,0,.2); vertical-align: middle; }
      .state-success { background: #2e8b57; }
      .state-failed { background: #d32f2f; }
      .state-running { background: #7cfc00; }
      .state-queued { background: #9e9e9e; }
      .paused { color: #888; }
      .empty { color: #666; }
      """;

  private DagsPage() {}

  static String render(List<Row> rows) {
    StringBuilder html = new StringBuilder(4096);
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n")
        .append("<meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"refresh\" content=\"")
        .append(REFRESH_SECONDS)
        .append("\">\n")
        .append("<title>DAGs - Updraft</title>\n")
        .append("<style>")
        .append(STYLE)
        .append("</style>\n</head>\n<body>\n<h1>DAGs</h1>\n");
    if (rows.isEmpty()) {
      html.append(
          "<p class=\"empty\">No DAGs yet. The scheduler stores each DAG it loads;"
              + " start it with <code>updraft scheduler</code>.</p>\n");
    } else {
      html.append("<table>\n<thead><tr><th>DAG</th><th>Description</th><th>Schedule</th>")
          .append("<th>Paused</th><th>Recent runs</th><th>Last run</th></tr></thead>\n<tbody>\n");
      rows.forEach(row -> appendRow(html, row));
      html.append("</tbody>\n</table>\n");
    }
    return html.append("</body>\n</html>\n").toString();
  }

  private static void appendRow(StringBuilder html, Row row) {
    StoredDag dag = row.dag();
    html.append(dag.paused() ? "<tr class=\"paused\">" : "<tr>")
        .append("<td><code>")
        .append(Html.escape(dag.dagId()))
        .append("</code></td><td>")
        .append(Html.escape(dag.structure().description()))
        .append("</td><td><code>")
        .append(Html.escape(dag.structure().schedule()))
        .append("</code></td><td>")
        .append(dag.paused() ? "yes" : "no")
        .append("</td><td>");
    List<DagRun> runs = row.recentRuns();
    // Oldest on the left, as in Airflow's grid, so the newest run is always at the right end.
    for (int i = runs.size() - 1; i >= 0; i--) {
      DagRun run = runs.get(i);
      String state = run.state().wireName();
      html.append("<span class=\"dot state-")
          .append(state)
          .append("\" title=\"")
          .append(Html.escape(run.runId() + ": " + state))
          .append("\"></span>");
    }
    html.append("</td><td>")
        .append(runs.isEmpty() ? "no runs yet" : runs.getFirst().state().wireName())
        .append("</td></tr>\n");
  }
}

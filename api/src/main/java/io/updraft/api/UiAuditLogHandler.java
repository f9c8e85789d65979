package io.updraft.api;

import io.javalin.http.Context;
import io.updraft.api.view.AuditLogView;
import io.updraft.core.audit.AuditEvent;
import io.updraft.core.audit.AuditPage;
import io.updraft.core.audit.EventLog;
import io.updraft.core.json.Json;
import java.util.List;

/** {@code GET /audit-log}: who changed what, newest first, with the API's filters. */
final class UiAuditLogHandler {
  private static final List<String> FILTERS =
      List.of("owner", "event", "dag_id", "after", "before");

  private final EventLog log;
  private final Templates templates;

  UiAuditLogHandler(EventLog log, Templates templates) {
    this.log = log;
    this.templates = templates;
  }

  void page(Context ctx) {
    int limit = Paging.limit(ctx);
    int offset = Paging.offset(ctx);
    AuditPage page = log.list(EventLogsHandler.filter(ctx), limit, offset);
    List<AuditLogView.EventRow> rows = page.events().stream().map(UiAuditLogHandler::row).toList();
    templates.html(
        ctx,
        "audit_log.jte",
        new AuditLogView(
            UiHandler.layout(ctx, "Audit log"),
            new AuditLogView.Filters(
                shown(ctx, "owner"),
                shown(ctx, "event"),
                shown(ctx, "dag_id"),
                shown(ctx, "after"),
                shown(ctx, "before")),
            rows,
            Pages.of(ctx, "/audit-log", FILTERS, offset, limit, rows.size(), page.totalEntries())));
  }

  private static AuditLogView.EventRow row(AuditEvent e) {
    boolean hasRun = e.dagId() != null && e.runId() != null;
    return new AuditLogView.EventRow(
        UiPagesHandler.text(e.when()),
        e.actor(),
        e.event(),
        e.dagId(),
        e.dagId() == null ? null : Links.dag(e.dagId()),
        e.runId(),
        hasRun ? Links.run(e.dagId(), e.runId()) : null,
        e.taskId(),
        e.channel(),
        e.source(),
        e.extra().isEmpty() ? "" : Json.write(e.extra()));
  }

  private static String shown(Context ctx, String name) {
    String value = ctx.queryParam(name);
    return value == null ? "" : value;
  }
}

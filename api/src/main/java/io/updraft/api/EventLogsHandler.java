package io.updraft.api;

import io.javalin.http.Context;
import io.updraft.core.audit.AuditEvent;
import io.updraft.core.audit.AuditFilter;
import io.updraft.core.audit.AuditPage;
import io.updraft.core.audit.EventLog;
import io.updraft.core.json.Json;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/v1/eventLogs}: the audit log in Airflow's shape, newest first, filtered by {@code
 * owner}, {@code event}, {@code dag_id}, {@code after} and {@code before}.
 */
final class EventLogsHandler {
  record EventLogJson(
      long eventLogId,
      Instant when,
      String dagId,
      String taskId,
      String runId,
      String event,
      String owner,
      String extra,
      String channel,
      String source) {
    static EventLogJson of(AuditEvent e) {
      return new EventLogJson(
          e.id(),
          e.when(),
          e.dagId(),
          e.taskId(),
          e.runId(),
          e.event(),
          e.actor(),
          Json.write(e.extra()),
          e.channel(),
          e.source());
    }
  }

  record EventLogList(List<EventLogJson> eventLogs, int totalEntries) {}

  private final EventLog log;

  EventLogsHandler(EventLog log) {
    this.log = log;
  }

  void list(Context ctx) {
    AuditPage page = log.list(filter(ctx), Paging.limit(ctx), Paging.offset(ctx));
    ctx.json(
        new EventLogList(
            page.events().stream().map(EventLogJson::of).toList(), page.totalEntries()));
  }

  /** The filters the API and the audit log page share. */
  static AuditFilter filter(Context ctx) {
    return new AuditFilter(
        QueryParams.text(ctx, "owner"),
        QueryParams.text(ctx, "event"),
        QueryParams.text(ctx, "dag_id"),
        QueryParams.instant(ctx, "after"),
        QueryParams.instant(ctx, "before"));
  }
}

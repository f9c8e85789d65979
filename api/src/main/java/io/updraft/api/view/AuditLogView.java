package io.updraft.api.view;

import java.util.List;

/** The audit log page: its filters as typed, one page of events, and the pager. */
public record AuditLogView(Layout layout, Filters filters, List<EventRow> events, Pager pager) {
  /** The filter form's values, as the request gave them (shown escaped, like everything). */
  public record Filters(String owner, String event, String dagId, String after, String before) {}

  /** One audit event; {@code dagHref} and {@code runHref} are null when it names none. */
  public record EventRow(
      String when,
      String owner,
      String event,
      String dagId,
      String dagHref,
      String runId,
      String runHref,
      String taskId,
      String channel,
      String source,
      String extra) {}
}

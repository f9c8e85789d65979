package io.updraft.api;

import java.util.List;
import java.util.Map;

/**
 * How one mutating route is written to the audit log: its event name (or a choice of two by a
 * boolean field, such as pause and unpause), the request fields copied as they are, and the fields
 * of which only "it was sent" is kept. A field that may hold a secret or a value (a password, a
 * variable's value, a conf) is never copied: list it as sent-only, or not at all.
 */
record AuditedRoute(
    String event, String choiceField, String eventIfFalse, List<String> copied, List<String> sent) {

  static AuditedRoute of(String event, String... copied) {
    return new AuditedRoute(event, null, null, List.of(copied), List.of());
  }

  /** {@code event} when the boolean {@code field} is true, {@code otherwise} when it is not. */
  static AuditedRoute choosing(String field, String event, String otherwise) {
    return new AuditedRoute(event, field, otherwise, List.of(field), List.of());
  }

  /** Also notes, for each of {@code fields} the request holds, only that it was sent. */
  AuditedRoute sentOnly(String... fields) {
    return new AuditedRoute(event, choiceField, eventIfFalse, copied, List.of(fields));
  }

  /** The event name for a request with these copied fields. */
  String eventFor(Map<String, Object> fields) {
    if (choiceField == null) {
      return event;
    }
    Object value = fields.get(choiceField);
    return value != null && Boolean.parseBoolean(value.toString()) ? event : eventIfFalse;
  }
}

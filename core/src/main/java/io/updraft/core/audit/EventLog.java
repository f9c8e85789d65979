package io.updraft.core.audit;

/** Where audit events are kept: written once, never changed, listed newest first. */
public interface EventLog {
  /** Stores {@code event}; its id is ignored. */
  void record(AuditEvent event);

  /** Events matching {@code filter}, newest first, with the total count. */
  AuditPage list(AuditFilter filter, int limit, int offset);
}

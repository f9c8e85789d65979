package io.updraft.core.audit;

import java.util.List;

/** One page of audit events, newest first, and how many match in all. */
public record AuditPage(List<AuditEvent> events, int totalEntries) {}

package io.updraft.core.audit;

import java.time.Instant;

/**
 * Which audit events to list: each non-null field must match ({@code actor}, {@code event} and
 * {@code dagId} exactly), with a time in [{@code from}, {@code to}].
 */
public record AuditFilter(String actor, String event, String dagId, Instant from, Instant to) {
  public static final AuditFilter ALL = new AuditFilter(null, null, null, null, null);
}

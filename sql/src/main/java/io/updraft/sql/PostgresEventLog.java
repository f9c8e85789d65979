package io.updraft.sql;

import static io.updraft.sql.jooq.Tables.EVENT_LOG;

import io.updraft.core.audit.AuditEvent;
import io.updraft.core.audit.AuditFilter;
import io.updraft.core.audit.AuditPage;
import io.updraft.core.audit.EventLog;
import io.updraft.core.json.Json;
import io.updraft.sql.jooq.tables.records.EventLogRecord;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** The {@code event_log} table: audit events appended once, listed newest first. */
public final class PostgresEventLog implements EventLog {
  private final DSLContext dsl;

  public PostgresEventLog(Database database) {
    this.dsl = database.dsl();
  }

  @Override
  public void record(AuditEvent e) {
    dsl.insertInto(EVENT_LOG)
        .set(EVENT_LOG.HAPPENED_AT, e.when())
        .set(EVENT_LOG.ACTOR, cut(e.actor(), 250))
        .set(EVENT_LOG.EVENT, cut(e.event(), 100))
        .set(EVENT_LOG.DAG_ID, cut(e.dagId(), 250))
        .set(EVENT_LOG.RUN_ID, cut(e.runId(), 250))
        .set(EVENT_LOG.TASK_ID, cut(e.taskId(), 250))
        .set(EVENT_LOG.CHANNEL, cut(e.channel(), 10))
        .set(EVENT_LOG.SOURCE, cut(e.source(), 100))
        .set(EVENT_LOG.EXTRA, Json.write(e.extra()))
        .execute();
  }

  @Override
  public AuditPage list(AuditFilter filter, int limit, int offset) {
    Condition where = DSL.noCondition();
    if (filter.actor() != null) {
      where = where.and(EVENT_LOG.ACTOR.eq(filter.actor()));
    }
    if (filter.event() != null) {
      where = where.and(EVENT_LOG.EVENT.eq(filter.event()));
    }
    if (filter.dagId() != null) {
      where = where.and(EVENT_LOG.DAG_ID.eq(filter.dagId()));
    }
    if (filter.from() != null) {
      where = where.and(EVENT_LOG.HAPPENED_AT.ge(filter.from()));
    }
    if (filter.to() != null) {
      where = where.and(EVENT_LOG.HAPPENED_AT.le(filter.to()));
    }
    int total = dsl.fetchCount(EVENT_LOG, where);
    List<AuditEvent> events =
        dsl.selectFrom(EVENT_LOG)
            .where(where)
            .orderBy(EVENT_LOG.ID.desc())
            .limit(limit)
            .offset(offset)
            .fetch(PostgresEventLog::event);
    return new AuditPage(events, total);
  }

  private static AuditEvent event(EventLogRecord r) {
    return new AuditEvent(
        r.getId(),
        r.getHappenedAt(),
        r.getActor(),
        r.getEvent(),
        r.getDagId(),
        r.getRunId(),
        r.getTaskId(),
        r.getChannel(),
        r.getSource(),
        Json.parseObject(r.getExtra(), "the audit event's extra"));
  }

  /** Identifiers come from requests; a longer one is kept cut rather than lost with its event. */
  private static String cut(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max);
  }
}

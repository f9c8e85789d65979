package io.updraft.sql;

import static io.updraft.sql.jooq.Tables.DEADLINE_MISS;

import io.updraft.core.deadline.DeadlineMiss;
import io.updraft.sql.jooq.tables.records.DeadlineMissRecord;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** The {@code deadline_miss} table: each miss written once, read newest first. */
final class PostgresDeadlineMisses {
  private PostgresDeadlineMisses() {}

  /** True when this call wrote the miss; false when a scheduler had already. */
  static boolean record(DSLContext dsl, DeadlineMiss miss) {
    return dsl.insertInto(DEADLINE_MISS)
            .set(DEADLINE_MISS.DAG_RUN_ID, miss.dagRunId())
            .set(DEADLINE_MISS.DAG_ID, miss.dagId())
            .set(DEADLINE_MISS.RUN_ID, miss.runId())
            .set(DEADLINE_MISS.TASK_ID, miss.taskId() == null ? "" : miss.taskId())
            .set(DEADLINE_MISS.DEADLINE, miss.deadline())
            .set(DEADLINE_MISS.DETECTED_AT, miss.detectedAt())
            .onConflictDoNothing()
            .execute()
        == 1;
  }

  static Optional<DeadlineMiss> find(DSLContext dsl, long id) {
    return dsl.selectFrom(DEADLINE_MISS)
        .where(DEADLINE_MISS.ID.eq(id))
        .fetchOptional(PostgresDeadlineMisses::miss);
  }

  static List<DeadlineMiss> list(
      DSLContext dsl, String dagId, String runId, int limit, int offset) {
    Condition where = DSL.noCondition();
    if (dagId != null) {
      where = where.and(DEADLINE_MISS.DAG_ID.eq(dagId));
    }
    if (runId != null) {
      where = where.and(DEADLINE_MISS.RUN_ID.eq(runId));
    }
    return dsl.selectFrom(DEADLINE_MISS)
        .where(where)
        .orderBy(DEADLINE_MISS.DETECTED_AT.desc(), DEADLINE_MISS.ID.desc())
        .limit(limit)
        .offset(offset)
        .fetch(PostgresDeadlineMisses::miss);
  }

  private static DeadlineMiss miss(DeadlineMissRecord r) {
    return new DeadlineMiss(
        r.getDagRunId(),
        r.getDagId(),
        r.getRunId(),
        r.getTaskId().isEmpty() ? null : r.getTaskId(),
        r.getDeadline(),
        r.getDetectedAt());
  }
}

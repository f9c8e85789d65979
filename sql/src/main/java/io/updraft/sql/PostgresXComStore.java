package io.updraft.sql;

import static io.updraft.sql.jooq.Tables.XCOM;
import static org.jooq.impl.DSL.currentInstant;
import static org.jooq.impl.DSL.excluded;

import io.updraft.core.run.XComStore;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.JSONB;

/**
 * XCom values in PostgreSQL, as {@code jsonb}: a value comes back as equivalent JSON, not
 * necessarily the same text (PostgreSQL normalises spacing and key order).
 */
public final class PostgresXComStore implements XComStore {
  private final DSLContext dsl;

  public PostgresXComStore(Database database) {
    this.dsl = database.dsl();
  }

  /** Writes the value, replacing an earlier one: a retried task pushes its values again. */
  @Override
  public void put(long dagRunId, String taskId, String key, String json, String maskedJson) {
    dsl.insertInto(XCOM)
        .set(XCOM.DAG_RUN_ID, dagRunId)
        .set(XCOM.TASK_ID, taskId)
        .set(XCOM.KEY, key)
        .set(XCOM.VALUE, json == null ? null : JSONB.jsonb(json))
        .set(XCOM.MASKED_VALUE, maskedJson == null ? null : JSONB.jsonb(maskedJson))
        .onConflict(XCOM.DAG_RUN_ID, XCOM.TASK_ID, XCOM.KEY)
        .doUpdate()
        .set(XCOM.VALUE, excluded(XCOM.VALUE))
        .set(XCOM.MASKED_VALUE, excluded(XCOM.MASKED_VALUE))
        .set(XCOM.CREATED_AT, currentInstant())
        .execute();
  }

  @Override
  public Optional<String> get(long dagRunId, String taskId, String key) {
    return dsl.select(XCOM.VALUE)
        .from(XCOM)
        .where(XCOM.DAG_RUN_ID.eq(dagRunId), XCOM.TASK_ID.eq(taskId), XCOM.KEY.eq(key))
        .fetchOptional(XCOM.VALUE)
        .map(JSONB::data);
  }
}

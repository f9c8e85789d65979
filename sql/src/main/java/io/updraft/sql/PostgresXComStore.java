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
  public void put(
      long dagRunId, String taskId, int mapIndex, String key, String json, String maskedJson) {
    dsl.insertInto(XCOM)
        .set(XCOM.DAG_RUN_ID, dagRunId)
        .set(XCOM.TASK_ID, taskId)
        .set(XCOM.MAP_INDEX, mapIndex)
        .set(XCOM.KEY, key)
        .set(XCOM.VALUE, json == null ? null : JSONB.jsonb(json))
        .set(XCOM.MASKED_VALUE, maskedJson == null ? null : JSONB.jsonb(maskedJson))
        .onConflict(XCOM.DAG_RUN_ID, XCOM.TASK_ID, XCOM.MAP_INDEX, XCOM.KEY)
        .doUpdate()
        .set(XCOM.VALUE, excluded(XCOM.VALUE))
        .set(XCOM.MASKED_VALUE, excluded(XCOM.MASKED_VALUE))
        .set(XCOM.CREATED_AT, currentInstant())
        .execute();
  }

  /** An unmapped task's one row, or a mapped task's rows as one list (their indexes from 0). */
  private static final String GET =
      """
      select case when bool_or(x.map_index >= 0)
                  then jsonb_agg(x.value order by x.map_index) filter (where x.map_index >= 0)
                  else (array_agg(x.value))[1] end
        from xcom x
       where x.dag_run_id = ? and x.task_id = ? and x.key = ?
      """;

  @Override
  public Optional<String> get(long dagRunId, String taskId, String key) {
    return get(dsl, dagRunId, taskId, key);
  }

  /** {@link #get}, in the caller's transaction: the planner expands a mapped task over it. */
  static Optional<String> get(DSLContext db, long dagRunId, String taskId, String key) {
    return Optional.ofNullable(db.fetchSingle(GET, dagRunId, taskId, key).get(0, String.class));
  }
}

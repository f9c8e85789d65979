package io.updraft.sql;

import static io.updraft.sql.jooq.Tables.TASK_INSTANCE;

import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.TaskState;
import java.util.List;
import org.jooq.DSLContext;

/**
 * A worker's claims ({@code queued → running}) in one statement that returns the rows it took, so
 * that a batch needs no read before or after it.
 */
final class PostgresClaims {
  private PostgresClaims() {}

  /**
   * Claims in one statement that returns the rows claimed. A try given twice is claimed once: an
   * update changes a row once, and only copies whose try number matches the row join it.
   */
  static List<TaskInstance> claim(DSLContext dsl, List<TaskChange> claims) {
    if (claims.isEmpty()) {
      return List.of();
    }
    int n = claims.size();
    Long[] ids = new Long[n];
    Integer[] tries = new Integer[n];
    String[] at = new String[n];
    String[] workers = new String[n];
    for (int k = 0; k < n; k++) {
      TaskChange c = claims.get(k);
      if (c.from() != TaskState.QUEUED || c.to() != TaskState.RUNNING || c.startsNextTry()) {
        throw new IllegalArgumentException("Not a claim (queued to running): " + c);
      }
      ids[k] = c.taskInstanceId();
      tries[k] = c.tryNumber();
      at[k] = c.at().toString();
      workers[k] = c.worker();
    }
    return dsl.resultQuery(CLAIM, ids, tries, at, workers, ids)
        .fetch(r -> PostgresRows.taskInstance(r.into(TASK_INSTANCE)));
  }

  /** The fenced update of claims, rows locked in id order as in PostgresTaskChanges. */
  private static final String CLAIM =
      """
      with input as materialized (
        select * from unnest(?::bigint[], ?::int[], ?::timestamptz[], ?::text[])
                      as i(id, try_number, at, worker)
      ),
      locked as materialized (
        select t.id from task_instance t where t.id = any(?::bigint[]) order by t.id for update
      ),
      changed as (
        update task_instance t set
          state = 'running', updated_at = m.at, next_try_at = null, start_date = m.at,
          heartbeat_at = m.at, worker = m.worker, end_date = null
        from input m
        where t.id = m.id and t.try_number = m.try_number and t.state = 'queued'
          and (select count(*) from locked) >= 0
        returning t.*
      ),
      history as (
        insert into task_instance_history
          (task_instance_id, try_number, from_state, to_state, worker, changed_at)
        select c.id, c.try_number, 'queued', 'running', c.worker, c.updated_at from changed c
      )
      select * from changed
      """;
}

package io.updraft.sql;

import io.updraft.core.run.TaskInstance;
import io.updraft.core.run.XComStore;
import java.time.Instant;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * The rows behind a mapped task's expansion ({@link PostgresRunStore#expand}): its instances, and
 * the return value it expands over.
 */
final class MappedTaskRows {
  private MappedTaskRows() {}

  /**
   * The unexpanded instance becomes the one of map index 0 and the others are inserted beside it,
   * in one statement; the update's fence (index -1, state none) lets one of two racing planners
   * expand.
   */
  private static final String EXPAND =
      """
      with expanded as (
        update task_instance t set map_index = 0, updated_at = ?::timestamptz
         where t.id = ? and t.map_index = -1 and t.state = 'none'
        returning t.*
      ), others as (
        insert into task_instance (dag_run_id, dag_id, run_id, task_id, map_index, state,
                                   try_number, max_tries, queue, pool, priority_weight,
                                   max_active_tis_per_dag, updated_at)
        select e.dag_run_id, e.dag_id, e.run_id, e.task_id, g.i, 'none', e.try_number,
               e.max_tries, e.queue, e.pool, e.priority_weight, e.max_active_tis_per_dag,
               e.updated_at
          from expanded e cross join generate_series(1, ?::int - 1) as g(i)
         order by g.i
      )
      select count(*) from expanded
      """;

  static boolean expand(DSLContext dsl, TaskInstance unexpanded, int count, Instant at) {
    if (count < 1) {
      throw new IllegalArgumentException(
          "A mapped task expands into at least one instance, got " + count);
    }
    return dsl.fetchSingle(EXPAND, at.toString(), unexpanded.id(), count).get(0, Integer.class) > 0;
  }

  /**
   * As a task pulls it: a mapped task's instances' values make one list, so a task mapped over a
   * mapped task (nested mapping) expands over all of them.
   */
  static Optional<String> returnValue(DSLContext dsl, long dagRunId, String taskId) {
    return PostgresXComStore.get(dsl, dagRunId, taskId, XComStore.RETURN_VALUE);
  }
}

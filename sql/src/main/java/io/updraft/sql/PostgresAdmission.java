package io.updraft.sql;

import static io.updraft.sql.jooq.Tables.POOL;
import static io.updraft.sql.jooq.Tables.TASK_INSTANCE;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.val;

import io.updraft.core.dag.DagStructure;
import io.updraft.core.run.TaskChange;
import io.updraft.core.state.TaskState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The limits on queueing, applied inside the transaction that queues: a pool's slots and a DAG's
 * max_active_tasks, heaviest priority weight first. Pools are locked (in name order) and DAGs
 * serialised (advisory locks, in id order) before any task row is touched, so two actors queueing
 * into one pool take turns instead of both seeing the last free slot, and never deadlock. A task
 * that does not fit waits as {@code scheduled}, for {@link #claimScheduled}.
 */
final class PostgresAdmission {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresAdmission.class);
  private static final List<String> OCCUPYING =
      List.of(TaskState.QUEUED.wireName(), TaskState.RUNNING.wireName());

  static final String DEFAULT_POOL = "default_pool";

  private final Map<Long, Row> rows;
  private final Map<String, Integer> slots = new HashMap<>();
  private final Map<String, Integer> maxActive = new HashMap<>();

  private PostgresAdmission(Map<Long, Row> rows) {
    this.rows = rows;
  }

  /** A change that asks for a slot: it queues a task that is not holding one. */
  static boolean asksForSlot(TaskChange c) {
    return c.to() == TaskState.QUEUED && c.from() != TaskState.QUEUED;
  }

  /** Reads the candidates' pools and DAGs and takes the locks; call before touching task rows. */
  static PostgresAdmission lock(DSLContext db, List<TaskChange> candidates) {
    Map<Long, Row> rows = new HashMap<>();
    PostgresAdmission admission = new PostgresAdmission(rows);
    // The DAGs' max_active_tasks come with the rows, read once per DAG (not per row: the
    // structure is large); a setting, so reading it before the locks is fine.
    db.resultQuery(
            """
            with candidate as (
              select id, dag_id, pool, priority_weight from task_instance where id = any(?::bigint[])
            ),
            limits as materialized (
              select dag_id, (structure->>'max_active_tasks')::int as max_active_tasks
              from dag where dag_id in (select dag_id from candidate)
            )
            select c.id, c.dag_id, c.pool, c.priority_weight, l.max_active_tasks
            from candidate c left join limits l on l.dag_id = c.dag_id
            """,
            (Object) candidates.stream().map(TaskChange::taskInstanceId).toArray(Long[]::new))
        .forEach(
            r -> {
              String dagId = r.get(1, String.class);
              String pool = r.get(2, String.class);
              Integer weight = r.get(3, Integer.class);
              Integer maxActive = r.get(4, Integer.class);
              rows.put(
                  r.get(0, Long.class),
                  new Row(dagId, pool == null ? DEFAULT_POOL : pool, weight == null ? 1 : weight));
              admission.maxActive.put(
                  dagId, maxActive == null ? DagStructure.DEFAULT_MAX_ACTIVE_TASKS : maxActive);
            });
    admission.lockPools(db, new TreeSet<>(rows.values().stream().map(Row::pool).toList()));
    admission.lockDags(db, new TreeSet<>(rows.values().stream().map(Row::dagId).toList()));
    return admission;
  }

  private void lockPools(DSLContext db, Set<String> pools) {
    db.select(POOL.POOL_, POOL.SLOTS)
        .from(POOL)
        .where(POOL.POOL_.in(pools))
        .orderBy(POOL.POOL_)
        .forUpdate()
        .forEach(r -> slots.put(r.value1(), r.value2()));
  }

  /** One statement for every DAG; unnest keeps the array's (sorted) order, so the lock order. */
  private void lockDags(DSLContext db, Set<String> dagIds) {
    if (dagIds.isEmpty()) {
      return;
    }
    db.resultQuery(
            "select pg_advisory_xact_lock(hashtext('tasks:' || d)) from unnest(?::text[]) d",
            (Object) dagIds.toArray(String[]::new))
        .fetch();
  }

  /**
   * Splits the candidates, once the transaction's other changes are applied (a finished task has
   * freed its slot): those that fit, heaviest first, and the rest.
   */
  List<TaskChange> admit(DSLContext db, List<TaskChange> candidates) {
    Map<String, Integer> poolUsed = new HashMap<>();
    Map<String, Integer> dagUsed = new HashMap<>();
    // Both counts in one round trip: the slots taken in each pool and by each DAG.
    db.select(val("pool"), TASK_INSTANCE.POOL, count())
        .from(TASK_INSTANCE)
        .where(TASK_INSTANCE.STATE.in(OCCUPYING), TASK_INSTANCE.POOL.in(slots.keySet()))
        .groupBy(TASK_INSTANCE.POOL)
        .unionAll(
            DSL.select(val("dag"), TASK_INSTANCE.DAG_ID, count())
                .from(TASK_INSTANCE)
                .where(
                    TASK_INSTANCE.STATE.in(OCCUPYING), TASK_INSTANCE.DAG_ID.in(maxActive.keySet()))
                .groupBy(TASK_INSTANCE.DAG_ID))
        .forEach(r -> (r.value1().equals("pool") ? poolUsed : dagUsed).put(r.value2(), r.value3()));
    List<TaskChange> ordered = new ArrayList<>(candidates);
    ordered.sort(
        Comparator.comparingInt((TaskChange c) -> -rows.get(c.taskInstanceId()).weight())
            .thenComparingLong(TaskChange::taskInstanceId));
    List<TaskChange> admitted = new ArrayList<>();
    for (TaskChange c : ordered) {
      Row row = rows.get(c.taskInstanceId());
      if (row == null) {
        continue;
      }
      int poolSlots = poolSlots(row.pool());
      int poolNow = poolUsed.getOrDefault(row.pool(), 0);
      int dagNow = dagUsed.getOrDefault(row.dagId(), 0);
      int dagMax = maxActive.getOrDefault(row.dagId(), DagStructure.DEFAULT_MAX_ACTIVE_TASKS);
      if (poolNow < poolSlots && dagNow < dagMax) {
        admitted.add(c);
        poolUsed.put(row.pool(), poolNow + 1);
        dagUsed.put(row.dagId(), dagNow + 1);
      }
    }
    return admitted;
  }

  private int poolSlots(String pool) {
    Integer known = slots.get(pool);
    if (known != null) {
      return known;
    }
    LOG.warn("Pool '{}' does not exist; its tasks wait until it is created", pool);
    return 0;
  }

  private record Row(String dagId, String pool, int weight) {}
}

package io.updraft.sql;

import static io.updraft.sql.jooq.Tables.DAG_RUN;

import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.TaskNode;
import io.updraft.core.run.CreatedRun;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.HandedOver;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.exception.IntegrityConstraintViolationException;

/**
 * How one run comes to be: its row and task instances ({@link #createRun}), or, for a triggered
 * run, its row and root tasks started in one commit and the other task instances in the next
 * ({@link #createAndStartRun}, then {@link #addMissingTaskInstances}). The many runs of a schedule
 * boundary go through {@link PostgresRunBatch}.
 */
final class PostgresRunCreation {
  private static final String FOREIGN_KEY_VIOLATION = "23503";

  private PostgresRunCreation() {}

  /** Creates a run on {@code dsl}, which may be in a transaction (an asset-triggered run's). */
  static Optional<DagRun> createRun(
      DSLContext dsl, NewDagRun run, DagStructure structure, Instant now) {
    return insertRun(dsl, run, structure, structure.tasks(), now)
        .map(r -> PostgresRows.dagRun(r.into(DAG_RUN)));
  }

  /**
   * The run and only its {@code roots}' task instances, started in that commit: the first task is
   * queued after inserting one row instead of a row per task (200 rows took about 2 ms before the
   * commit). One statement on an auto-commit connection, so one round trip is the whole commit: a
   * run that starts is never seen queued, and one that cannot start (paused, max_active_runs
   * reached) is committed queued, for the scheduler to start. The other task instances follow
   * ({@link #addMissingTaskInstances}): added by the worker that starts a pushed root, else by the
   * caller; should neither come, whoever plans the run next adds them.
   */
  static Optional<CreatedRun> createAndStartRun(
      DSLContext dsl,
      NewDagRun run,
      DagStructure structure,
      int maxActiveRuns,
      int maxActiveTasks,
      List<String> roots,
      Instant now) {
    Set<String> first = new HashSet<>(roots);
    TaskColumns columns =
        TaskColumns.of(structure.tasks().stream().filter(t -> first.contains(t.taskId())).toList());
    List<Record> rows;
    try {
      rows =
          dsl.resultQuery(
                  CREATE_AND_START_CALL,
                  run.dagId(),
                  run.runId(),
                  run.runType().wireName(),
                  text(run.logicalDate()),
                  text(run.dataIntervalStart()),
                  text(run.dataIntervalEnd()),
                  PostgresRows.jsonb(run.conf()).data(),
                  structure.versionHash(),
                  text(now),
                  columns.taskIds(),
                  columns.maxTries(),
                  columns.queues(),
                  columns.pools(),
                  columns.weights(),
                  columns.maxActive(),
                  maxActiveRuns,
                  maxActiveTasks)
              .fetch();
    } catch (IntegrityConstraintViolationException e) {
      throw unknownDag(run, e);
    }
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Record head = rows.getFirst();
    DagRun created =
        new DagRun(
            head.get("id", Long.class),
            run.dagId(),
            run.runId(),
            run.runType(),
            RunState.QUEUED,
            head.get("logical_date", OffsetDateTime.class).toInstant(),
            instant(head.get("data_interval_start", OffsetDateTime.class)),
            instant(head.get("data_interval_end", OffsetDateTime.class)),
            run.conf(),
            structure.versionHash(),
            instant(head.get("queued_at", OffsetDateTime.class)),
            null,
            null,
            head.get("code_version", String.class));
    HandedOver started =
        PostgresHandOver.started(rows.subList(1, rows.size()), Map.of(created.id(), created), now)
            .get(created.id());
    return Optional.of(
        started == null
            ? new CreatedRun(created, Optional.empty())
            : new CreatedRun(created.started(now), Optional.of(started)));
  }

  static final FunctionCall CREATE_AND_START =
      FunctionCall.of(
          "updraft_create_and_start_run",
          "p_dag text",
          "p_run_id text",
          "p_run_type text",
          "p_logical_date timestamptz",
          "p_interval_start timestamptz",
          "p_interval_end timestamptz",
          "p_conf jsonb",
          "p_version text",
          "p_at timestamptz",
          "p_task_ids text[]",
          "p_max_tries int[]",
          "p_queues text[]",
          "p_pools text[]",
          "p_weights int[]",
          "p_max_active_tis int[]",
          "p_max_active_runs int",
          "p_max_active int");

  private static final String CREATE_AND_START_CALL = "select * from " + CREATE_AND_START.call();

  private static Instant instant(OffsetDateTime at) {
    return at == null ? null : at.toInstant();
  }

  /**
   * Inserts the task instances of {@code structure} that {@code run} lacks, in state none, and
   * tells whether one of those it had has moved past running meanwhile; under the DAG's queueing
   * lock (see {@code updraft_add_missing_tasks}). One statement on an auto-commit connection: one
   * round trip, where a transaction took four (with jOOQ's transaction API, which asks for the
   * isolation level first).
   */
  static boolean addMissingTaskInstances(DSLContext dsl, DagRun run, DagStructure structure) {
    TaskColumns tasks = TaskColumns.of(structure.tasks());
    return dsl.resultQuery(
            ADD_MISSING_CALL,
            run.id(),
            run.dagId(),
            run.runId(),
            text(run.queuedAt()),
            tasks.taskIds(),
            tasks.maxTries(),
            tasks.queues(),
            tasks.pools(),
            tasks.weights(),
            tasks.maxActive())
        .fetchSingle()
        .get(0, Boolean.class);
  }

  static final FunctionCall ADD_MISSING =
      FunctionCall.of(
          "updraft_add_missing_tasks",
          "p_run bigint",
          "p_dag text",
          "p_run_id text",
          "p_at timestamptz",
          "p_task_ids text[]",
          "p_max_tries int[]",
          "p_queues text[]",
          "p_pools text[]",
          "p_weights int[]",
          "p_max_active_tis int[]");

  private static final String ADD_MISSING_CALL = "select " + ADD_MISSING.call();

  private static Optional<Record> insertRun(
      DSLContext dsl, NewDagRun run, DagStructure structure, List<TaskNode> tasks, Instant now) {
    TaskColumns columns = TaskColumns.of(tasks);
    try {
      return dsl.resultQuery(
              CREATE_RUN,
              run.dagId(),
              run.runId(),
              run.runType().wireName(),
              RunState.QUEUED.wireName(),
              text(run.logicalDate()),
              text(run.dataIntervalStart()),
              text(run.dataIntervalEnd()),
              PostgresRows.jsonb(run.conf()).data(),
              structure.versionHash(),
              run.dagId(),
              structure.versionHash(),
              text(now),
              TaskState.NONE.wireName(),
              columns.taskIds(),
              columns.maxTries(),
              columns.queues(),
              columns.pools(),
              columns.weights(),
              columns.maxActive())
          .fetchOptional();
    } catch (IntegrityConstraintViolationException e) {
      throw unknownDag(run, e);
    }
  }

  private static RuntimeException unknownDag(
      NewDagRun run, IntegrityConstraintViolationException e) {
    if (!FOREIGN_KEY_VIOLATION.equals(e.sqlState())) {
      return e;
    }
    return new IllegalStateException(
        "Cannot create run "
            + run.runId()
            + ": DAG '"
            + run.dagId()
            + "' is not in the metastore; save its structure (DagStore.save) first",
        e);
  }

  private static String text(Instant at) {
    return at == null ? null : at.toString();
  }

  /**
   * The run and the task instances given in one statement, however many: they go in as arrays and
   * come out in the structure's topological order, so ids (and taskInstances()) follow it. No
   * conflict target: a repeat is caught by either unique key (run id, logical date), and then no
   * task instance is inserted either. The jar the DAG was registered from is read in the same
   * statement, so that every way of creating a run records it; none when the structure given is not
   * the registered one (its code is then unknown).
   */
  private static final String CREATE_RUN =
      """
      with run as (
        insert into dag_run (dag_id, run_id, run_type, state, logical_date, data_interval_start,
                             data_interval_end, conf, dag_version, code_version, queued_at)
        values (?, ?, ?, ?, ?::timestamptz, ?::timestamptz, ?::timestamptz, ?::jsonb, ?,
                (select d.code_version from dag d where d.dag_id = ? and d.version_hash = ?),
                ?::timestamptz)
        on conflict do nothing
        returning *
      ), tasks as (
        insert into task_instance (dag_run_id, dag_id, run_id, task_id, state, try_number,
                                   max_tries, queue, pool, priority_weight,
                                   max_active_tis_per_dag, updated_at)
        select run.id, run.dag_id, run.run_id, t.task_id, ?, 1, t.max_tries, t.queue, t.pool,
               t.weight, t.max_active, run.queued_at
          from run, unnest(?::text[], ?::int[], ?::text[], ?::text[], ?::int[], ?::int[])
               with ordinality as t(task_id, max_tries, queue, pool, weight, max_active, n)
         order by t.n
      )
      select run.* from run
      """;

  /** The columns of task instances to insert, one array each, as the statements bind them. */
  private record TaskColumns(
      String[] taskIds,
      Integer[] maxTries,
      String[] queues,
      String[] pools,
      Integer[] weights,
      Integer[] maxActive) {
    static TaskColumns of(List<TaskNode> tasks) {
      int n = tasks.size();
      TaskColumns c =
          new TaskColumns(
              new String[n],
              new Integer[n],
              new String[n],
              new String[n],
              new Integer[n],
              new Integer[n]);
      for (int k = 0; k < n; k++) {
        TaskNode node = tasks.get(k);
        c.taskIds[k] = node.taskId();
        c.maxTries[k] = node.maxTries();
        c.queues[k] = node.queue();
        c.pools[k] = node.pool();
        c.weights[k] = node.priorityWeight();
        c.maxActive[k] = node.maxActiveTisPerDag();
      }
      return c;
    }
  }
}

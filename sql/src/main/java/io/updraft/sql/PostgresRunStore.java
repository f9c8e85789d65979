package io.updraft.sql;

import static io.updraft.sql.jooq.Tables.DAG_RUN;
import static io.updraft.sql.jooq.Tables.TASK_INSTANCE;
import static io.updraft.sql.jooq.Tables.TASK_RESCHEDULE;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.val;

import io.updraft.core.asset.AssetEvent;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.TaskNode;
import io.updraft.core.deadline.DeadlineMiss;
import io.updraft.core.run.CreatedRun;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.HandOver;
import io.updraft.core.run.HandedOver;
import io.updraft.core.run.LogLines;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.OutletEvent;
import io.updraft.core.run.RunStart;
import io.updraft.core.run.RunStore;
import io.updraft.core.run.RunType;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.run.TaskReschedule;
import io.updraft.core.schedule.DataInterval;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.sql.jooq.tables.records.DagRunRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.UpdateSetMoreStep;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.jooq.impl.DSL;

/**
 * DAG runs and task instances in PostgreSQL. Every task state change is one fenced update ({@code
 * where id = ? and try_number = ? and state = ?}) plus one history row, in one transaction: the
 * database, not the caller, decides which of two racing actors wins.
 */
public final class PostgresRunStore implements RunStore {
  private static final List<String> ACTIVE =
      List.of(RunState.QUEUED.wireName(), RunState.RUNNING.wireName());
  private static final List<String> TERMINAL =
      Arrays.stream(RunState.values())
          .filter(RunState::isTerminal)
          .map(RunState::wireName)
          .toList();

  private static final String FOREIGN_KEY_VIOLATION = "23503";

  private final DSLContext dsl;
  private final Clock clock;

  public PostgresRunStore(Database database, Clock clock) {
    this.dsl = database.dsl();
    this.clock = clock;
  }

  @Override
  public Optional<DagRun> createRun(NewDagRun run, DagStructure structure) {
    return createRun(dsl, run, structure, clock.instant());
  }

  /** Creates a run on {@code dsl}, which may be in a transaction (an asset-triggered run's). */
  static Optional<DagRun> createRun(
      DSLContext dsl, NewDagRun run, DagStructure structure, Instant now) {
    return insertRun(dsl, run, structure, now).map(r -> PostgresRows.dagRun(r.into(DAG_RUN)));
  }

  @Override
  public Optional<CreatedRun> createAndStartRun(
      NewDagRun run,
      DagStructure structure,
      int maxActiveRuns,
      int maxActiveTasks,
      List<String> roots) {
    Instant now = clock.instant();
    // One transaction: a run that starts is never seen queued, and one that cannot start (paused,
    // max_active_runs reached) is committed queued exactly as createRun leaves it.
    return dsl.transactionResult(
        cfg -> {
          DSLContext tx = cfg.dsl();
          Optional<Record> inserted = insertRun(tx, run, structure, now);
          if (inserted.isEmpty()) {
            return Optional.empty();
          }
          DagRun created = PostgresRows.dagRun(inserted.get().into(DAG_RUN));
          if (Boolean.TRUE.equals(inserted.get().get(DAG_PAUSED, Boolean.class))) {
            return Optional.of(new CreatedRun(created, Optional.empty()));
          }
          HandedOver started =
              PostgresHandOver.startAll(
                      tx, List.of(new RunStart(created, maxActiveRuns, maxActiveTasks, roots)), now)
                  .get(created.id());
          return Optional.of(
              started == null
                  ? new CreatedRun(created, Optional.empty())
                  : new CreatedRun(created.started(now), Optional.of(started)));
        });
  }

  private static Optional<Record> insertRun(
      DSLContext dsl, NewDagRun run, DagStructure structure, Instant now) {
    List<TaskNode> tasks = structure.tasks();
    int n = tasks.size();
    String[] taskIds = new String[n];
    Integer[] maxTries = new Integer[n];
    String[] queues = new String[n];
    String[] pools = new String[n];
    Integer[] weights = new Integer[n];
    Integer[] maxActive = new Integer[n];
    for (int k = 0; k < n; k++) {
      TaskNode node = tasks.get(k);
      taskIds[k] = node.taskId();
      maxTries[k] = node.maxTries();
      queues[k] = node.queue();
      pools[k] = node.pool();
      weights[k] = node.priorityWeight();
      maxActive[k] = node.maxActiveTisPerDag();
    }
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
              taskIds,
              maxTries,
              queues,
              pools,
              weights,
              maxActive)
          .fetchOptional();
    } catch (IntegrityConstraintViolationException e) {
      if (!FOREIGN_KEY_VIOLATION.equals(e.sqlState())) {
        throw e;
      }
      throw new IllegalStateException(
          "Cannot create run "
              + run.runId()
              + ": DAG '"
              + run.dagId()
              + "' is not in the metastore; save its structure (DagStore.save) first",
          e);
    }
  }

  private static String text(Instant at) {
    return at == null ? null : at.toString();
  }

  /**
   * The run and all its task instances in one statement, however many tasks: they go in as arrays
   * and come out in the structure's topological order, so ids (and taskInstances()) follow it. No
   * conflict target: a repeat is caught by either unique key (run id, logical date), and then no
   * task instance is inserted either. The jar the DAG was registered from is read in the same
   * statement, so that every way of creating a run records it; none when the structure given is not
   * the registered one (its code is then unknown). Whether the DAG is paused comes back with the
   * run, for a run started in its creating commit.
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
      select run.*, (select d.is_paused from dag d where d.dag_id = run.dag_id) as dag_paused
        from run
      """;

  private static final String DAG_PAUSED = "dag_paused";

  @Override
  public Optional<DagRun> findRun(long dagRunId) {
    return dsl.selectFrom(DAG_RUN)
        .where(DAG_RUN.ID.eq(dagRunId))
        .fetchOptional()
        .map(PostgresRows::dagRun);
  }

  @Override
  public List<DagRun> findRuns(Collection<Long> dagRunIds) {
    return dsl.selectFrom(DAG_RUN).where(DAG_RUN.ID.in(dagRunIds)).fetch(PostgresRows::dagRun);
  }

  @Override
  public Optional<DagRun> findRun(String dagId, String runId) {
    return dsl.selectFrom(DAG_RUN)
        .where(DAG_RUN.DAG_ID.eq(dagId), DAG_RUN.RUN_ID.eq(runId))
        .fetchOptional()
        .map(PostgresRows::dagRun);
  }

  @Override
  public Optional<DagRun> findRunAt(String dagId, Instant logicalDate) {
    return dsl.selectFrom(DAG_RUN)
        .where(DAG_RUN.DAG_ID.eq(dagId), DAG_RUN.LOGICAL_DATE.eq(logicalDate))
        .fetchOptional()
        .map(PostgresRows::dagRun);
  }

  @Override
  public Optional<DagRun> runBefore(String dagId, Instant logicalDate) {
    return dsl.selectFrom(DAG_RUN)
        .where(DAG_RUN.DAG_ID.eq(dagId), DAG_RUN.LOGICAL_DATE.lt(logicalDate))
        .orderBy(DAG_RUN.LOGICAL_DATE.desc())
        .limit(1)
        .fetchOptional()
        .map(PostgresRows::dagRun);
  }

  @Override
  public List<DagRun> listRuns(String dagId, int limit) {
    return dsl.selectFrom(DAG_RUN)
        .where(DAG_RUN.DAG_ID.eq(dagId))
        .orderBy(DAG_RUN.LOGICAL_DATE.desc())
        .limit(limit)
        .fetch(PostgresRows::dagRun);
  }

  @Override
  public Map<String, List<DagRun>> listRuns(Collection<String> dagIds, int limit) {
    Map<String, List<DagRun>> out = new LinkedHashMap<>();
    dagIds.forEach(id -> out.put(id, new ArrayList<>()));
    if (dagIds.isEmpty()) {
      return out;
    }
    // Each DAG's newest runs through its (dag_id, logical_date) index, in one statement.
    dsl.resultQuery(
            """
            select r.* from unnest(?::text[]) d(dag_id)
              cross join lateral (
                select * from dag_run where dag_run.dag_id = d.dag_id
                 order by logical_date desc limit ?) r
            """,
            dagIds.toArray(String[]::new),
            limit)
        .fetchInto(DAG_RUN)
        .forEach(r -> out.get(r.getDagId()).add(PostgresRows.dagRun(r)));
    return out;
  }

  @Override
  public Map<String, DataInterval> lastScheduledIntervals(Collection<String> dagIds) {
    Map<String, DataInterval> out = new HashMap<>();
    if (dagIds.isEmpty()) {
      return out;
    }
    dsl.resultQuery(
            """
            select d.dag_id, r.data_interval_start, r.data_interval_end
              from unnest(?::text[]) d(dag_id)
              cross join lateral (
                select data_interval_start, data_interval_end from dag_run
                 where dag_run.dag_id = d.dag_id and run_type = 'scheduled'
                 order by logical_date desc limit 1) r
            """,
            (Object) dagIds.toArray(String[]::new))
        .forEach(
            r ->
                out.put(
                    r.get(0, String.class),
                    new DataInterval(r.get(1, Instant.class), r.get(2, Instant.class))));
    return out;
  }

  @Override
  public Optional<DataInterval> lastScheduledInterval(String dagId) {
    return dsl.select(DAG_RUN.DATA_INTERVAL_START, DAG_RUN.DATA_INTERVAL_END)
        .from(DAG_RUN)
        .where(DAG_RUN.DAG_ID.eq(dagId), DAG_RUN.RUN_TYPE.eq(RunType.SCHEDULED.wireName()))
        .orderBy(DAG_RUN.LOGICAL_DATE.desc())
        .limit(1)
        .fetchOptional(r -> new DataInterval(r.value1(), r.value2()));
  }

  @Override
  public Map<Long, HandedOver> startRuns(List<RunStart> starts, Instant at) {
    return PostgresHandOver.startAll(dsl, starts, at);
  }

  @Override
  public List<DagRun> activeRuns() {
    return dsl.selectFrom(DAG_RUN)
        .where(DAG_RUN.STATE.in(ACTIVE))
        .orderBy(DAG_RUN.LOGICAL_DATE, DAG_RUN.ID)
        .fetch(PostgresRows::dagRun);
  }

  @Override
  public Set<String> codeVersionsOfActiveRuns() {
    return dsl.selectDistinct(DAG_RUN.CODE_VERSION)
        .from(DAG_RUN)
        .where(DAG_RUN.STATE.in(ACTIVE))
        .and(DAG_RUN.CODE_VERSION.isNotNull())
        .fetchSet(DAG_RUN.CODE_VERSION);
  }

  @Override
  public boolean setRunState(long dagRunId, RunState to, Instant at) {
    UpdateSetMoreStep<DagRunRecord> update = dsl.update(DAG_RUN).set(DAG_RUN.STATE, to.wireName());
    if (to == RunState.RUNNING) {
      update = update.set(DAG_RUN.START_DATE, coalesce(DAG_RUN.START_DATE, val(at)));
    }
    if (to.isTerminal()) {
      update = update.set(DAG_RUN.END_DATE, at);
    }
    return update.where(DAG_RUN.ID.eq(dagRunId), DAG_RUN.STATE.notIn(TERMINAL)).execute() == 1;
  }

  @Override
  public void markRun(long dagRunId, RunState to, Instant at) {
    UpdateSetMoreStep<DagRunRecord> update = dsl.update(DAG_RUN).set(DAG_RUN.STATE, to.wireName());
    update =
        to.isTerminal()
            ? update.set(DAG_RUN.END_DATE, at)
            : update.setNull(DAG_RUN.END_DATE).set(DAG_RUN.QUEUED_AT, at);
    update.where(DAG_RUN.ID.eq(dagRunId)).execute();
  }

  @Override
  public boolean expand(TaskInstance unexpanded, int count, Instant at) {
    return MappedTaskRows.expand(dsl, unexpanded, count, at);
  }

  @Override
  public Optional<String> returnValue(long dagRunId, String taskId) {
    return MappedTaskRows.returnValue(dsl, dagRunId, taskId);
  }

  @Override
  public List<TaskInstance> taskInstances(long dagRunId) {
    return dsl.selectFrom(TASK_INSTANCE)
        .where(TASK_INSTANCE.DAG_RUN_ID.eq(dagRunId))
        .orderBy(TASK_INSTANCE.ID)
        .fetch(PostgresRows::taskInstance);
  }

  @Override
  public Map<Long, List<TaskInstance>> taskInstancesOfRuns(Collection<Long> dagRunIds) {
    Map<Long, List<TaskInstance>> byRun = new HashMap<>();
    dsl.selectFrom(TASK_INSTANCE)
        .where(TASK_INSTANCE.DAG_RUN_ID.in(dagRunIds))
        .orderBy(TASK_INSTANCE.ID)
        .forEach(
            r ->
                byRun
                    .computeIfAbsent(r.getDagRunId(), id -> new ArrayList<>())
                    .add(PostgresRows.taskInstance(r)));
    return byRun;
  }

  @Override
  public Optional<TaskInstance> findTaskInstance(long taskInstanceId) {
    return dsl.selectFrom(TASK_INSTANCE)
        .where(TASK_INSTANCE.ID.eq(taskInstanceId))
        .fetchOptional()
        .map(PostgresRows::taskInstance);
  }

  @Override
  public boolean apply(TaskChange change) {
    return !applyAll(List.of(change)).isEmpty();
  }

  @Override
  public List<TaskChange> applyAll(List<TaskChange> changes) {
    return PostgresTaskChanges.applyAll(dsl, changes);
  }

  @Override
  public List<TaskChange> applyEndsByScheduler(List<TaskChange> changes, String reason) {
    return SchedulerEndedTries.apply(dsl, changes, reason);
  }

  @Override
  public List<TaskChange> applyAll(List<TaskChange> changes, List<LogLines> logs) {
    return PostgresTaskChanges.applyAll(dsl, changes, logs);
  }

  @Override
  public Optional<List<TaskChange>> applyAfter(
      TaskChange first, List<TaskChange> then, List<LogLines> logs) {
    return PostgresTaskChanges.applyAfter(dsl, first, then, logs);
  }

  @Override
  public Optional<List<TaskChange>> applyAfter(
      TaskChange first, List<TaskChange> then, List<LogLines> logs, List<OutletEvent> events) {
    return PostgresTaskChanges.applyAfter(dsl, first, then, logs, events);
  }

  @Override
  public List<AssetEvent> triggeringAssetEvents(long dagRunId) {
    return PostgresAssetEvents.ofRun(dsl, dagRunId);
  }

  @Override
  public List<TaskInstance> claim(List<TaskChange> claims) {
    return PostgresTaskChanges.claim(dsl, claims);
  }

  @Override
  public boolean recordDeadlineMiss(DeadlineMiss miss) {
    return PostgresDeadlineMisses.record(dsl, miss);
  }

  @Override
  public Optional<DeadlineMiss> findDeadlineMiss(long deadlineMissId) {
    return PostgresDeadlineMisses.find(dsl, deadlineMissId);
  }

  @Override
  public Map<TaskState, Integer> stateCounts(long dagRunId) {
    Map<TaskState, Integer> counts = new EnumMap<>(TaskState.class);
    dsl.select(TASK_INSTANCE.STATE, DSL.count())
        .from(TASK_INSTANCE)
        .where(TASK_INSTANCE.DAG_RUN_ID.eq(dagRunId))
        .groupBy(TASK_INSTANCE.STATE)
        .forEach(r -> counts.put(TaskState.fromWireName(r.value1()), r.value2()));
    return counts;
  }

  @Override
  public Optional<HandedOver> handOver(HandOver handOver) {
    return PostgresHandOver.handOver(dsl, handOver);
  }

  @Override
  public List<TaskChange> queueScheduled(int limit, Instant at) {
    return PostgresTaskChanges.queueScheduled(dsl, limit, at);
  }

  @Override
  public List<TaskInstance> queuedBefore(Instant before, int limit) {
    return dsl.selectFrom(TASK_INSTANCE)
        .where(
            TASK_INSTANCE.STATE.eq(TaskState.QUEUED.wireName()), TASK_INSTANCE.QUEUED_AT.lt(before))
        .orderBy(TASK_INSTANCE.QUEUED_AT)
        .limit(limit)
        .fetch(PostgresRows::taskInstance);
  }

  @Override
  public void heartbeat(String worker, List<Long> taskInstanceIds, Instant at) {
    if (taskInstanceIds.isEmpty()) {
      return;
    }
    dsl.update(TASK_INSTANCE)
        .set(TASK_INSTANCE.HEARTBEAT_AT, at)
        .where(
            TASK_INSTANCE.ID.in(taskInstanceIds),
            TASK_INSTANCE.STATE.eq(TaskState.RUNNING.wireName()),
            TASK_INSTANCE.WORKER.eq(worker))
        .execute();
  }

  @Override
  public List<TaskInstance> runningHeartbeatBefore(Instant before, int limit) {
    return dsl.selectFrom(TASK_INSTANCE)
        .where(
            TASK_INSTANCE.STATE.eq(TaskState.RUNNING.wireName()),
            TASK_INSTANCE.HEARTBEAT_AT.lt(before))
        .orderBy(TASK_INSTANCE.HEARTBEAT_AT)
        .limit(limit)
        .fetch(PostgresRows::taskInstance);
  }

  @Override
  public List<TaskReschedule> reschedules(long taskInstanceId, int tryNumber) {
    return dsl.selectFrom(TASK_RESCHEDULE)
        .where(
            TASK_RESCHEDULE.TASK_INSTANCE_ID.eq(taskInstanceId),
            TASK_RESCHEDULE.TRY_NUMBER.eq(tryNumber))
        .orderBy(TASK_RESCHEDULE.ID)
        .fetch(
            r ->
                new TaskReschedule(
                    r.getTaskInstanceId(),
                    r.getTryNumber(),
                    r.getStartDate(),
                    r.getEndDate(),
                    r.getRescheduleDate()));
  }
}

package io.updraft.sql;

import static io.updraft.sql.jooq.Tables.DAG_RUN;
import static io.updraft.sql.jooq.Tables.TASK_INSTANCE;
import static io.updraft.sql.jooq.Tables.TASK_RESCHEDULE;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.val;

import io.updraft.core.asset.AssetEvent;
import io.updraft.core.dag.DagStructure;
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
import io.updraft.core.run.RunToPlan;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.UpdateSetMoreStep;
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

  private final DSLContext dsl;
  private final Clock clock;

  public PostgresRunStore(Database database, Clock clock) {
    this.dsl = database.dsl();
    this.clock = clock;
  }

  @Override
  public Optional<DagRun> createRun(NewDagRun run, DagStructure structure) {
    return PostgresRunCreation.createRun(dsl, run, structure, clock.instant());
  }

  /**
   * One statement per {@value #RUNS_PER_STATEMENT} runs ({@link PostgresRunBatch}): one statement
   * each made the last of 1,000 runs at one boundary 10 s late, while one for all would keep the
   * first runs invisible until the last is in. Each statement's runs are stamped queued when it
   * starts.
   */
  @Override
  public List<DagRun> createRuns(List<NewDagRun> runs, Map<String, DagStructure> structures) {
    List<DagRun> made = new ArrayList<>();
    for (int from = 0; from < runs.size(); from += RUNS_PER_STATEMENT) {
      List<NewDagRun> chunk = runs.subList(from, Math.min(runs.size(), from + RUNS_PER_STATEMENT));
      made.addAll(PostgresRunBatch.create(dsl, chunk, structures, clock.instant()));
    }
    return made;
  }

  private static final int RUNS_PER_STATEMENT = 200;

  @Override
  public Optional<CreatedRun> createAndStartRun(
      NewDagRun run,
      DagStructure structure,
      int maxActiveRuns,
      int maxActiveTasks,
      List<String> roots) {
    return PostgresRunCreation.createAndStartRun(
        dsl, run, structure, maxActiveRuns, maxActiveTasks, roots, clock.instant());
  }

  @Override
  public boolean addMissingTaskInstances(DagRun run, DagStructure structure) {
    return PostgresRunCreation.addMissingTaskInstances(dsl, run, structure);
  }

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
    return PostgresLatestRuns.listRuns(dsl, dagIds, limit);
  }

  @Override
  public Map<String, DataInterval> lastScheduledIntervals(Collection<String> dagIds) {
    return PostgresLatestRuns.lastScheduledIntervals(dsl, dagIds);
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
  public List<RunToPlan> findRunsToPlan(Collection<Long> dagRunIds) {
    return PostgresRunsToPlan.find(dsl, dagRunIds);
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

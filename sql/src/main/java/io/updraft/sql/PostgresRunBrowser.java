package io.updraft.sql;

import static io.updraft.sql.jooq.Tables.DAG;
import static io.updraft.sql.jooq.Tables.DAG_RUN;
import static io.updraft.sql.jooq.Tables.TASK_INSTANCE;
import static io.updraft.sql.jooq.Tables.TASK_INSTANCE_HISTORY;
import static io.updraft.sql.jooq.Tables.XCOM;

import io.updraft.core.deadline.DeadlineMiss;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.RunBrowser;
import io.updraft.core.run.RunFilter;
import io.updraft.core.run.RunPage;
import io.updraft.core.run.RunQuery;
import io.updraft.core.run.RunType;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.run.TaskTry;
import io.updraft.core.run.TrySpan;
import io.updraft.core.run.XComEntry;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.sql.jooq.tables.records.TaskInstanceHistoryRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.impl.DSL;

/** Read-side queries of the API and UI over runs, task instances, their history and XCom. */
public final class PostgresRunBrowser implements RunBrowser {
  private static final Set<String> TRY_ENDS =
      Set.of(
          TaskState.SUCCESS.wireName(),
          TaskState.FAILED.wireName(),
          TaskState.UP_FOR_RETRY.wireName(),
          TaskState.UP_FOR_RESCHEDULE.wireName(),
          TaskState.SKIPPED.wireName(),
          TaskState.UPSTREAM_FAILED.wireName());

  private final DSLContext dsl;

  public PostgresRunBrowser(Database database) {
    this.dsl = database.dsl();
  }

  @Override
  public List<DeadlineMiss> deadlineMisses(String dagId, String runId, int limit, int offset) {
    return PostgresDeadlineMisses.list(dsl, dagId, runId, limit, offset);
  }

  @Override
  public RunPage runs(RunFilter filter, int limit, int offset) {
    Condition where =
        DAG_RUN
            .DAG_ID
            .eq(filter.dagId())
            .and(statesAndDates(filter.states(), filter.from(), filter.to()));
    return page(where, limit, offset);
  }

  @Override
  public RunPage search(RunQuery query, int limit, int offset) {
    Condition where = statesAndDates(query.states(), query.from(), query.to());
    if (query.dagIdContains() != null) {
      // The matching DAGs, then their runs through the (dag_id, …) indexes. jOOQ escapes the LIKE
      // wildcards in the value: "%" and "_" match only themselves.
      where =
          where.and(
              DAG_RUN.DAG_ID.in(
                  DSL.select(DAG.DAG_ID)
                      .from(DAG)
                      .where(DAG.DAG_ID.containsIgnoreCase(query.dagIdContains()))));
    }
    if (!query.runTypes().isEmpty()) {
      where =
          where.and(DAG_RUN.RUN_TYPE.in(query.runTypes().stream().map(RunType::wireName).toList()));
    }
    return page(where, limit, offset);
  }

  /**
   * Runs in any of {@code states} (all if empty) with a logical date from {@code from} to {@code
   * to}.
   */
  private static Condition statesAndDates(Collection<RunState> states, Instant from, Instant to) {
    Condition where = DSL.noCondition();
    if (!states.isEmpty()) {
      where = where.and(DAG_RUN.STATE.in(states.stream().map(RunState::wireName).toList()));
    }
    if (from != null) {
      where = where.and(DAG_RUN.LOGICAL_DATE.ge(from));
    }
    if (to != null) {
      where = where.and(DAG_RUN.LOGICAL_DATE.le(to));
    }
    return where;
  }

  /** One page of the runs {@code where} selects, newest first, with their (capped) count. */
  private RunPage page(Condition where, int limit, int offset) {
    int total = countUpTo(where, limit, offset);
    // Ordered as the (…, logical_date, id) indexes are, read backwards: no sort of the history.
    List<DagRun> runs =
        dsl.selectFrom(DAG_RUN)
            .where(where)
            .orderBy(DAG_RUN.LOGICAL_DATE.desc(), DAG_RUN.ID.desc())
            .limit(limit)
            .offset(offset)
            .fetch(PostgresRows::dagRun);
    return new RunPage(runs, total, total == countCap(limit, offset));
  }

  @Override
  public Map<Long, List<TaskInstance>> taskInstances(Collection<Long> dagRunIds) {
    Map<Long, List<TaskInstance>> byRun = new LinkedHashMap<>();
    if (dagRunIds.isEmpty()) {
      return byRun;
    }
    dsl.selectFrom(TASK_INSTANCE)
        .where(TASK_INSTANCE.DAG_RUN_ID.in(dagRunIds))
        .orderBy(TASK_INSTANCE.ID)
        .fetch(PostgresRows::taskInstance)
        .forEach(ti -> byRun.computeIfAbsent(ti.dagRunId(), id -> new ArrayList<>()).add(ti));
    return byRun;
  }

  @Override
  public List<TaskTry> tries(long taskInstanceId) {
    Map<Integer, List<TaskInstanceHistoryRecord>> byTry = new LinkedHashMap<>();
    dsl.selectFrom(TASK_INSTANCE_HISTORY)
        .where(TASK_INSTANCE_HISTORY.TASK_INSTANCE_ID.eq(taskInstanceId))
        .orderBy(TASK_INSTANCE_HISTORY.TRY_NUMBER, TASK_INSTANCE_HISTORY.ID)
        .fetch()
        .forEach(r -> byTry.computeIfAbsent(r.getTryNumber(), n -> new ArrayList<>()).add(r));
    List<TaskTry> tries = new ArrayList<>();
    byTry.forEach((number, rows) -> tries.add(toTry(number, rows)));
    return tries;
  }

  @Override
  public List<TrySpan> trySpans(long dagRunId) {
    Map<List<Long>, List<Record>> byTry = new LinkedHashMap<>();
    dsl.select(
            TASK_INSTANCE.ID,
            TASK_INSTANCE.TASK_ID,
            TASK_INSTANCE.MAP_INDEX,
            TASK_INSTANCE_HISTORY.TRY_NUMBER,
            TASK_INSTANCE_HISTORY.TO_STATE,
            TASK_INSTANCE_HISTORY.CHANGED_AT)
        .from(TASK_INSTANCE_HISTORY)
        .join(TASK_INSTANCE)
        .on(TASK_INSTANCE.ID.eq(TASK_INSTANCE_HISTORY.TASK_INSTANCE_ID))
        .where(TASK_INSTANCE.DAG_RUN_ID.eq(dagRunId))
        .orderBy(TASK_INSTANCE.ID, TASK_INSTANCE_HISTORY.TRY_NUMBER, TASK_INSTANCE_HISTORY.ID)
        .fetch()
        .forEach(
            r ->
                byTry
                    .computeIfAbsent(
                        List.of(
                            r.get(TASK_INSTANCE.ID),
                            (long) r.get(TASK_INSTANCE_HISTORY.TRY_NUMBER)),
                        k -> new ArrayList<>())
                    .add(r));
    List<TrySpan> spans = new ArrayList<>(byTry.size());
    byTry.values().forEach(rows -> spans.add(toSpan(rows)));
    return spans;
  }

  /** A try's queued time is its last queuing before it ran: a requeued message queues it again. */
  private static TrySpan toSpan(List<Record> rows) {
    Record first = rows.getFirst();
    Instant queued = null;
    Instant start = null;
    Instant end = null;
    for (Record r : rows) {
      String to = r.get(TASK_INSTANCE_HISTORY.TO_STATE);
      Instant at = r.get(TASK_INSTANCE_HISTORY.CHANGED_AT);
      if (to.equals(TaskState.QUEUED.wireName()) && start == null) {
        queued = at;
      } else if (to.equals(TaskState.RUNNING.wireName())) {
        start = at;
        end = null;
      } else if (TRY_ENDS.contains(to)) {
        end = at;
      }
    }
    return new TrySpan(
        first.get(TASK_INSTANCE.ID),
        first.get(TASK_INSTANCE.TASK_ID),
        first.get(TASK_INSTANCE.MAP_INDEX),
        first.get(TASK_INSTANCE_HISTORY.TRY_NUMBER),
        rows.getLast().get(TASK_INSTANCE_HISTORY.TO_STATE),
        queued,
        start,
        end);
  }

  private static TaskTry toTry(int number, List<TaskInstanceHistoryRecord> rows) {
    String state = rows.getLast().getToState();
    String worker = null;
    Instant start = null;
    Instant end = null;
    for (TaskInstanceHistoryRecord r : rows) {
      if (r.getToState().equals(TaskState.RUNNING.wireName())) {
        worker = r.getWorker();
        start = r.getChangedAt();
        end = null;
      } else if (TRY_ENDS.contains(r.getToState())) {
        end = r.getChangedAt();
      }
    }
    return new TaskTry(number, state, worker, start, end);
  }

  @Override
  public List<XComEntry> xcoms(long dagRunId, String taskId) {
    return dsl.selectFrom(XCOM)
        .where(XCOM.DAG_RUN_ID.eq(dagRunId), XCOM.TASK_ID.eq(taskId))
        .orderBy(XCOM.KEY)
        .fetch(
            r ->
                new XComEntry(
                    r.getTaskId(),
                    r.getKey(),
                    shownValue(r.getValue(), r.getMaskedValue()),
                    r.getCreatedAt()));
  }

  /** Viewers see the masked copy of a value that holds a secret, never the value itself. */
  private static String shownValue(JSONB value, JSONB masked) {
    if (masked != null) {
      return masked.data();
    }
    return value == null ? "null" : value.data();
  }

  /**
   * Counts at most {@link #COUNT_CAP} matching runs (or up to one past the page, when deeper):
   * counting all of a million-row history takes longer than reading any page of it, and past ten
   * thousand nobody reads the exact figure.
   */
  private int countUpTo(Condition where, int limit, int offset) {
    int cap = countCap(limit, offset);
    return dsl.fetchCount(dsl.selectOne().from(DAG_RUN).where(where).limit(cap));
  }

  static final int COUNT_CAP = 10_000;

  private static int countCap(int limit, int offset) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(COUNT_CAP, (long) offset + limit + 1));
  }
}

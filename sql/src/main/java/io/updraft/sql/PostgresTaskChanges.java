package io.updraft.sql;

import static io.updraft.sql.jooq.Tables.POOL;
import static io.updraft.sql.jooq.Tables.TASK_INSTANCE;
import static io.updraft.sql.jooq.Tables.TASK_RESCHEDULE;

import io.updraft.core.run.LogLines;
import io.updraft.core.run.TaskChange;
import io.updraft.core.state.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The one place where a task instance changes state: a fenced update ({@code where id = ? and
 * try_number = ? and state = ?}) and a history row per change that matched, in one transaction. The
 * database, not the caller, decides which of two racing actors wins.
 */
final class PostgresTaskChanges {
  private PostgresTaskChanges() {}

  static List<TaskChange> applyAll(DSLContext dsl, List<TaskChange> changes) {
    return apply(dsl, changes, false, List.of()).orElseThrow();
  }

  /**
   * Applies {@code first} and then {@code then} in one transaction, or nothing at all when {@code
   * first}'s fence does not match; the others are fenced one by one as in {@link #applyAll}.
   */
  static Optional<List<TaskChange>> applyAfter(
      DSLContext dsl, TaskChange first, List<TaskChange> then, List<LogLines> logs) {
    List<TaskChange> all = new ArrayList<>(then.size() + 1);
    all.add(first);
    all.addAll(then);
    return apply(dsl, all, true, logs).map(applied -> applied.subList(1, applied.size()));
  }

  private static Optional<List<TaskChange>> apply(
      DSLContext dsl, List<TaskChange> changes, boolean requireFirst, List<LogLines> logs) {
    if (changes.isEmpty()) {
      return Optional.of(List.of());
    }
    try {
      return Optional.of(inTransaction(dsl, changes, requireFirst, logs));
    } catch (FirstChangeMissed e) {
      return Optional.empty();
    }
  }

  private static List<TaskChange> inTransaction(
      DSLContext dsl, List<TaskChange> changes, boolean requireFirst, List<LogLines> logs) {
    if (!requireFirst && logs.isEmpty() && isOneStatement(changes)) {
      // One statement is atomic on its own: without BEGIN and COMMIT it is one round trip, not
      // three (a worker's claims, a batch of outcomes).
      return fenced(dsl, changes);
    }
    List<TaskChange> candidates = changes.stream().filter(PostgresAdmission::asksForSlot).toList();
    List<TaskChange> others =
        changes.stream().filter(c -> !PostgresAdmission.asksForSlot(c) && !isTakeOver(c)).toList();
    // A worker that runs a task it has just queued claims it after the queueing was admitted.
    List<TaskChange> takeOvers =
        changes.stream().filter(c -> !PostgresAdmission.asksForSlot(c) && isTakeOver(c)).toList();
    return Transactions.result(
        dsl,
        db -> {
          // Locks in one order for every actor: pools, then DAGs, then task rows by id.
          PostgresAdmission admission =
              candidates.isEmpty() ? null : PostgresAdmission.lock(db, candidates);
          List<TaskChange> applied = new ArrayList<>(fenced(db, others));
          if (requireFirst && !applied.contains(changes.getFirst())) {
            throw new FirstChangeMissed();
          }
          if (admission != null) {
            List<TaskChange> admitted = admission.admit(db, candidates);
            Set<TaskChange> admittedSet = new HashSet<>(admitted);
            applied.addAll(fenced(db, admitted));
            // Ready tasks without room wait as scheduled; the scheduler queues them by weight.
            List<TaskChange> waiting =
                candidates.stream()
                    .filter(c -> !admittedSet.contains(c) && c.from() == TaskState.NONE)
                    .map(
                        c ->
                            new TaskChange(
                                c.taskInstanceId(),
                                c.tryNumber(),
                                c.from(),
                                TaskState.SCHEDULED,
                                c.at(),
                                false,
                                null,
                                null))
                    .toList();
            fenced(db, waiting);
          }
          if (requireFirst && !applied.contains(changes.getFirst())) {
            throw new FirstChangeMissed();
          }
          applied.addAll(fenced(db, takeOvers));
          PostgresTaskLogStore.insertAll(db, logs);
          // Callers get the matched changes in the order they gave them.
          Set<TaskChange> matched = new HashSet<>(applied);
          return changes.stream().filter(matched::contains).toList();
        });
  }

  /**
   * Whether the changes are one fenced statement: none asks for a slot (that reads counts and takes
   * locks first), none is a reschedule (a second statement), and no row changes twice.
   */
  private static boolean isOneStatement(List<TaskChange> changes) {
    Set<Long> rows = new HashSet<>();
    for (TaskChange c : changes) {
      if (PostgresAdmission.asksForSlot(c)
          || c.to() == TaskState.UP_FOR_RESCHEDULE
          || !rows.add(c.taskInstanceId())) {
        return false;
      }
    }
    return true;
  }

  /**
   * A claim (queued → running) made in a transaction that may also queue the task: it must come
   * after the queueing, whichever order the caller gave.
   */
  private static boolean isTakeOver(TaskChange c) {
    return c.from() == TaskState.QUEUED && c.to() == TaskState.RUNNING;
  }

  /**
   * The scheduler's critical section: claims up to {@code limit} tasks waiting as scheduled,
   * heaviest first, skipping rows another scheduler holds ({@code FOR UPDATE SKIP LOCKED}), and
   * queues those that fit their pool and DAG limits. Returns the queueing changes that applied.
   */
  static List<TaskChange> queueScheduled(DSLContext dsl, int limit, Instant now) {
    // Nearly always nothing waits: answer that from the index, without taking the pool locks.
    if (!dsl.fetchExists(TASK_INSTANCE, TASK_INSTANCE.STATE.eq(TaskState.SCHEDULED.wireName()))) {
      return List.of();
    }
    return Transactions.result(
        dsl,
        db -> {
          // Every pool first, as the other queueing path does, then the claimed rows.
          db.select(POOL.POOL_).from(POOL).orderBy(POOL.POOL_).forUpdate().fetch();
          List<TaskChange> candidates =
              db.select(TASK_INSTANCE.ID, TASK_INSTANCE.TRY_NUMBER)
                  .from(TASK_INSTANCE)
                  .where(TASK_INSTANCE.STATE.eq(TaskState.SCHEDULED.wireName()))
                  .orderBy(TASK_INSTANCE.PRIORITY_WEIGHT.desc(), TASK_INSTANCE.ID)
                  .limit(limit)
                  .forUpdate()
                  .skipLocked()
                  .fetch(
                      r ->
                          new TaskChange(
                              r.value1(),
                              r.value2(),
                              TaskState.SCHEDULED,
                              TaskState.QUEUED,
                              now,
                              false,
                              null,
                              null));
          if (candidates.isEmpty()) {
            return List.of();
          }
          PostgresAdmission admission = PostgresAdmission.lock(db, candidates);
          return fenced(db, admission.admit(db, candidates));
        });
  }

  /**
   * Applies fenced changes and writes their history, one statement per round: the first change of
   * each row, then the second of rows given two (a path through the transition table, or a message
   * delivered twice, whose second copy then misses its fence), and so on. Returns the changes that
   * matched, in the order given.
   */
  private static List<TaskChange> fenced(DSLContext db, List<TaskChange> changes) {
    List<List<TaskChange>> rounds = new ArrayList<>();
    Map<Long, Integer> seen = new HashMap<>();
    for (TaskChange c : changes) {
      int round = seen.merge(c.taskInstanceId(), 1, Integer::sum) - 1;
      if (round == rounds.size()) {
        rounds.add(new ArrayList<>());
      }
      rounds.get(round).add(c);
    }
    Set<TaskChange> applied = new HashSet<>();
    for (List<TaskChange> round : rounds) {
      applied.addAll(fencedRound(db, round));
    }
    List<TaskChange> matched = changes.stream().filter(applied::contains).toList();
    writeReschedules(db, matched);
    return matched;
  }

  /**
   * One round in one statement, however many changes: they go in as arrays, rows are locked in id
   * order (two actors updating overlapping sets then wait for each other instead of deadlocking),
   * and each row that matched its fence gets its history row.
   */
  private static List<TaskChange> fencedRound(DSLContext db, List<TaskChange> changes) {
    int n = changes.size();
    Long[] ids = new Long[n];
    Integer[] tries = new Integer[n];
    String[] from = new String[n];
    String[] to = new String[n];
    Integer[] newTries = new Integer[n];
    String[] nextTryAt = new String[n];
    String[] at = new String[n];
    String[] workers = new String[n];
    Boolean[] clears = new Boolean[n];
    for (int k = 0; k < n; k++) {
      TaskChange c = changes.get(k);
      ids[k] = c.taskInstanceId();
      tries[k] = c.tryNumber();
      from[k] = c.from().wireName();
      to[k] = c.to().wireName();
      newTries[k] = c.resultingTryNumber();
      nextTryAt[k] = c.nextTryAt() == null ? null : c.nextTryAt().toString();
      at[k] = c.at().toString();
      workers[k] = c.worker();
      // A cleared task starts afresh; its new max_tries is PostgresRunAdmin's to set.
      clears[k] = c.to() == TaskState.NONE && c.startsNextTry();
    }
    Set<Long> matched = new HashSet<>();
    db.resultQuery(
            FENCED_UPDATE,
            ids,
            tries,
            from,
            to,
            newTries,
            nextTryAt,
            at,
            workers,
            clears,
            ids,
            TERMINAL)
        .forEach(r -> matched.add(r.get(0, Long.class)));
    return changes.stream().filter(c -> matched.contains(c.taskInstanceId())).toList();
  }

  private static final String[] TERMINAL =
      Arrays.stream(TaskState.values())
          .filter(TaskState::isTerminal)
          .map(TaskState::wireName)
          .toArray(String[]::new);

  /**
   * The fenced update and its history in one statement. {@code locked} takes the row locks in id
   * order: the update's condition counts its rows, which runs it to the end before the first row is
   * changed (a plain join would let the planner pick the order, or lock only what it reads).
   */
  private static final String FENCED_UPDATE =
      """
      with input as materialized (
        select * from unnest(?::bigint[], ?::int[], ?::text[], ?::text[], ?::int[],
                             ?::timestamptz[], ?::timestamptz[], ?::text[], ?::boolean[])
          as i(id, try_number, from_state, to_state, new_try, next_try_at, at, worker, clears)
      ),
      locked as materialized (
        select t.id from task_instance t where t.id = any(?::bigint[]) order by t.id for update
      ),
      changed as (
        update task_instance t set
          state = m.to_state,
          try_number = m.new_try,
          next_try_at = m.next_try_at,
          updated_at = m.at,
          queued_at = case when m.to_state = 'queued' then m.at else t.queued_at end,
          start_date = case when m.to_state = 'running' then m.at
                            when m.clears then null else t.start_date end,
          heartbeat_at = case when m.to_state = 'running' then m.at else t.heartbeat_at end,
          worker = case when m.to_state = 'running' then m.worker else t.worker end,
          end_date = case when m.to_state = 'running' or m.clears then null
                          when m.to_state = any(?::text[]) then m.at else t.end_date end
        from input m
        where t.id = m.id and t.try_number = m.try_number and t.state = m.from_state
          and (select count(*) from locked) >= 0
        returning m.id, m.new_try, m.from_state, m.to_state, m.worker, m.at
      )
      insert into task_instance_history
        (task_instance_id, try_number, from_state, to_state, worker, changed_at)
      select id, new_try, from_state, to_state, worker, at from changed
      returning task_instance_id
      """;

  /** Rolls the transaction back: the change everything else depended on did not match. */
  private static final class FirstChangeMissed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FirstChangeMissed() {
      super(null, null, false, false);
    }
  }

  /**
   * A try put up for reschedule keeps its try number, and its next run overwrites the row's start
   * date: the start of each run is kept here, so the first one still says when the try began.
   */
  private static void writeReschedules(DSLContext db, List<TaskChange> applied) {
    for (TaskChange c : applied) {
      if (c.to() != TaskState.UP_FOR_RESCHEDULE) {
        continue;
      }
      db.insertInto(
              TASK_RESCHEDULE,
              TASK_RESCHEDULE.TASK_INSTANCE_ID,
              TASK_RESCHEDULE.TRY_NUMBER,
              TASK_RESCHEDULE.START_DATE,
              TASK_RESCHEDULE.END_DATE,
              TASK_RESCHEDULE.RESCHEDULE_DATE)
          .select(
              db.select(
                      TASK_INSTANCE.ID,
                      TASK_INSTANCE.TRY_NUMBER,
                      DSL.coalesce(TASK_INSTANCE.START_DATE, DSL.val(c.at())),
                      DSL.val(c.at()),
                      DSL.val(c.nextTryAt() == null ? c.at() : c.nextTryAt()))
                  .from(TASK_INSTANCE)
                  .where(TASK_INSTANCE.ID.eq(c.taskInstanceId())))
          .execute();
    }
  }
}

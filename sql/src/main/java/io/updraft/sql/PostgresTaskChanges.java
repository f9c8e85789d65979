package io.updraft.sql;

import static io.updraft.sql.jooq.Tables.POOL;
import static io.updraft.sql.jooq.Tables.TASK_INSTANCE;

import io.updraft.core.run.LogLines;
import io.updraft.core.run.OutletEvent;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;

/**
 * The store's side of task state: it sends the changes Java decided on (the planner's, a worker's
 * claims and outcomes, a user's clear or mark) to the database functions that own task state
 * ({@code R__updraft_task_state.sql}): {@code updraft_change_tasks}, the one fenced writer with its
 * history rows, and {@code updraft_admit}, the limits on queueing. The database, not the caller,
 * decides which of two racing actors wins and which task has room.
 */
final class PostgresTaskChanges {
  private PostgresTaskChanges() {}

  static List<TaskChange> applyAll(DSLContext dsl, List<TaskChange> changes) {
    return applyAll(dsl, changes, List.of());
  }

  /** Applies the changes and writes the logs in one commit, whichever changes matched. */
  static List<TaskChange> applyAll(DSLContext dsl, List<TaskChange> changes, List<LogLines> logs) {
    return apply(dsl, changes, false, logs, List.of()).orElseThrow();
  }

  /**
   * Applies {@code first} and then {@code then} in one transaction, or nothing at all when {@code
   * first}'s fence does not match; the others are fenced one by one as in {@link #applyAll}.
   */
  static Optional<List<TaskChange>> applyAfter(
      DSLContext dsl, TaskChange first, List<TaskChange> then, List<LogLines> logs) {
    return applyAfter(dsl, first, then, logs, List.of());
  }

  /** ...and writes a success's asset events once {@code first} (the success) matched. */
  static Optional<List<TaskChange>> applyAfter(
      DSLContext dsl,
      TaskChange first,
      List<TaskChange> then,
      List<LogLines> logs,
      List<OutletEvent> events) {
    List<TaskChange> all = new ArrayList<>(then.size() + 1);
    all.add(first);
    all.addAll(then);
    return apply(dsl, all, true, logs, events).map(applied -> applied.subList(1, applied.size()));
  }

  private static Optional<List<TaskChange>> apply(
      DSLContext dsl,
      List<TaskChange> changes,
      boolean requireFirst,
      List<LogLines> logs,
      List<OutletEvent> events) {
    if (changes.isEmpty() && logs.isEmpty()) {
      return Optional.of(List.of());
    }
    try {
      return Optional.of(inTransaction(dsl, changes, requireFirst, logs, events));
    } catch (FirstChangeMissed e) {
      return Optional.empty();
    }
  }

  private static List<TaskChange> inTransaction(
      DSLContext dsl,
      List<TaskChange> changes,
      boolean requireFirst,
      List<LogLines> logs,
      List<OutletEvent> events) {
    if (!requireFirst && isOneStatement(changes)) {
      // One statement is atomic on its own: without BEGIN and COMMIT it is one round trip, not
      // four (a worker's batch of outcomes with their logs, a user's mark).
      return TaskStateFunctions.change(dsl, changes, logs);
    }
    List<TaskChange> candidates =
        changes.stream().filter(PostgresTaskChanges::asksForSlot).toList();
    List<TaskChange> others =
        changes.stream().filter(c -> !asksForSlot(c) && !isTakeOver(c)).toList();
    // A worker that runs a task it has just queued claims it after the queueing was admitted.
    List<TaskChange> takeOvers =
        changes.stream().filter(c -> !asksForSlot(c) && isTakeOver(c)).toList();
    return Transactions.result(
        dsl,
        db -> {
          // Locks in one order for every actor: pools, then DAGs, then task rows by id.
          if (!candidates.isEmpty()) {
            TaskStateFunctions.lockForAdmission(db, candidates);
          }
          List<TaskChange> applied = new ArrayList<>(fenced(db, others));
          if (requireFirst && !applied.contains(changes.getFirst())) {
            throw new FirstChangeMissed();
          }
          PostgresAssetEvents.insertOutlets(db, events);
          if (!candidates.isEmpty()) {
            Set<Long> admitted = TaskStateFunctions.admitted(db, candidates);
            applied.addAll(fenced(db, withAdmission(candidates, admitted)));
            // Ready tasks without room wait as scheduled; the scheduler queues them by weight.
            fenced(
                db,
                candidates.stream()
                    .filter(c -> !admitted.contains(c.taskInstanceId()))
                    .filter(c -> c.from() == TaskState.NONE)
                    .map(
                        c ->
                            TaskChange.fenced(
                                c.taskInstanceId(),
                                c.tryNumber(),
                                c.from(),
                                TaskState.SCHEDULED,
                                c.at()))
                    .toList());
          }
          applied.addAll(fenced(db, takeOvers));
          PostgresTaskLogStore.insertAll(db, logs);
          // Callers get the matched changes in the order they gave them.
          Set<TaskChange> matched = new HashSet<>(applied);
          return changes.stream().filter(matched::contains).toList();
        });
  }

  /**
   * Whether the changes are one statement of the writer: none asks for a slot (that takes locks and
   * reads counts first).
   */
  private static boolean isOneStatement(List<TaskChange> changes) {
    return changes.stream().noneMatch(PostgresTaskChanges::asksForSlot);
  }

  /** A change that asks for a slot: it queues a task that is not holding one. */
  private static boolean asksForSlot(TaskChange c) {
    return c.to() == TaskState.QUEUED && c.from() != TaskState.QUEUED;
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
          // Every pool first, as admission's locks would take them, then the claimed rows.
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
                          TaskChange.fenced(
                              r.value1(), r.value2(), TaskState.SCHEDULED, TaskState.QUEUED, now));
          if (candidates.isEmpty()) {
            return List.of();
          }
          TaskStateFunctions.lockForAdmission(db, candidates);
          return fenced(db, withAdmission(candidates, TaskStateFunctions.admitted(db, candidates)));
        });
  }

  /**
   * A worker's claims ({@code queued → running}) in one statement that returns the rows it took, so
   * that a batch needs no read before or after it. A try given twice is claimed once.
   */
  static List<TaskInstance> claim(DSLContext dsl, List<TaskChange> claims) {
    for (TaskChange c : claims) {
      if (!isTakeOver(c) || c.startsNextTry()) {
        throw new IllegalArgumentException("Not a claim (queued to running): " + c);
      }
    }
    return TaskStateFunctions.changeReturningRows(dsl, claims);
  }

  private static List<TaskChange> fenced(DSLContext db, List<TaskChange> changes) {
    return TaskStateFunctions.change(db, changes);
  }

  /** The candidates whose id is (or is not) among the admitted. */
  private static List<TaskChange> withAdmission(List<TaskChange> candidates, Set<Long> admitted) {
    return candidates.stream().filter(c -> admitted.contains(c.taskInstanceId())).toList();
  }

  /** Rolls the transaction back: the change everything else depended on did not match. */
  private static final class FirstChangeMissed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FirstChangeMissed() {
      super(null, null, false, false);
    }
  }
}

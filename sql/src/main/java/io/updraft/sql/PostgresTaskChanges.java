package io.updraft.sql;

import static io.updraft.sql.jooq.Tables.POOL;
import static io.updraft.sql.jooq.Tables.TASK_INSTANCE;
import static io.updraft.sql.jooq.Tables.TASK_INSTANCE_HISTORY;

import io.updraft.core.run.TaskChange;
import io.updraft.core.state.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jooq.BatchBindStep;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.UpdateSetMoreStep;

/**
 * The one place where a task instance changes state: a fenced update ({@code where id = ? and
 * try_number = ? and state = ?}) and a history row per change that matched, in one transaction. The
 * database, not the caller, decides which of two racing actors wins.
 */
final class PostgresTaskChanges {
  private PostgresTaskChanges() {}

  static List<TaskChange> applyAll(DSLContext dsl, List<TaskChange> changes) {
    return apply(dsl, changes, false).orElseThrow();
  }

  /**
   * Applies {@code first} and then {@code then} in one transaction, or nothing at all when {@code
   * first}'s fence does not match; the others are fenced one by one as in {@link #applyAll}.
   */
  static Optional<List<TaskChange>> applyAfter(
      DSLContext dsl, TaskChange first, List<TaskChange> then) {
    List<TaskChange> all = new ArrayList<>(then.size() + 1);
    all.add(first);
    all.addAll(then);
    return apply(dsl, all, true).map(applied -> applied.subList(1, applied.size()));
  }

  private static Optional<List<TaskChange>> apply(
      DSLContext dsl, List<TaskChange> changes, boolean requireFirst) {
    if (changes.isEmpty()) {
      return Optional.of(List.of());
    }
    try {
      return Optional.of(inTransaction(dsl, changes, requireFirst));
    } catch (FirstChangeMissed e) {
      return Optional.empty();
    }
  }

  private static List<TaskChange> inTransaction(
      DSLContext dsl, List<TaskChange> changes, boolean requireFirst) {
    List<TaskChange> candidates = changes.stream().filter(PostgresAdmission::asksForSlot).toList();
    List<TaskChange> others =
        changes.stream().filter(c -> !PostgresAdmission.asksForSlot(c) && !isTakeOver(c)).toList();
    // A worker that runs a task it has just queued claims it after the queueing was admitted.
    List<TaskChange> takeOvers =
        changes.stream().filter(c -> !PostgresAdmission.asksForSlot(c) && isTakeOver(c)).toList();
    return dsl.transactionResult(
        tx -> {
          DSLContext db = tx.dsl();
          // Locks in one order for every actor: pools, then DAGs, then task rows by id.
          PostgresAdmission admission =
              candidates.isEmpty() ? null : PostgresAdmission.lock(db, candidates);
          List<TaskChange> applied = new ArrayList<>(fenced(db, others));
          if (requireFirst && !applied.contains(changes.getFirst())) {
            throw new FirstChangeMissed();
          }
          if (admission != null) {
            List<TaskChange> admitted = admission.admit(db, candidates);
            applied.addAll(fenced(db, admitted));
            // Ready tasks without room wait as scheduled; the scheduler queues them by weight.
            List<TaskChange> waiting =
                candidates.stream()
                    .filter(c -> !admitted.contains(c) && c.from() == TaskState.NONE)
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
          // Callers get the matched changes in the order they gave them.
          return changes.stream().filter(applied::contains).toList();
        });
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
    return dsl.transactionResult(
        tx -> {
          DSLContext db = tx.dsl();
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

  /** Applies fenced changes in id order and writes their history; returns those that matched. */
  private static List<TaskChange> fenced(DSLContext db, List<TaskChange> changes) {
    if (changes.isEmpty()) {
      return List.of();
    }
    // Rows are locked in id order, whoever calls: two actors updating overlapping sets then wait
    // for each other instead of deadlocking. The sort is stable, so two changes of one row keep
    // their order.
    List<TaskChange> ordered =
        changes.stream().sorted(Comparator.comparingLong(TaskChange::taskInstanceId)).toList();
    List<Query> updates = ordered.stream().map(c -> fencedUpdate(db, c)).toList();
    int[] counts =
        updates.size() == 1
            ? new int[] {updates.getFirst().execute()}
            : db.batch(updates).execute();
    List<TaskChange> matched = new ArrayList<>();
    for (int k = 0; k < counts.length; k++) {
      if (counts[k] == 1) {
        matched.add(ordered.get(k));
      }
    }
    writeHistory(db, matched);
    return matched;
  }

  /** Rolls the transaction back: the change everything else depended on did not match. */
  private static final class FirstChangeMissed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FirstChangeMissed() {
      super(null, null, false, false);
    }
  }

  private static Query fencedUpdate(DSLContext db, TaskChange c) {
    TaskState to = c.to();
    UpdateSetMoreStep<?> update =
        db.update(TASK_INSTANCE)
            .set(TASK_INSTANCE.STATE, to.wireName())
            .set(TASK_INSTANCE.TRY_NUMBER, c.resultingTryNumber())
            .set(TASK_INSTANCE.NEXT_TRY_AT, c.nextTryAt())
            .set(TASK_INSTANCE.UPDATED_AT, c.at());
    if (to == TaskState.QUEUED) {
      update = update.set(TASK_INSTANCE.QUEUED_AT, c.at());
    }
    if (to == TaskState.NONE && c.startsNextTry()) {
      // A cleared task gets its retries again, counted from its next try, as in Airflow.
      update =
          update
              .set(TASK_INSTANCE.MAX_TRIES, TASK_INSTANCE.MAX_TRIES.plus(c.tryNumber()))
              .setNull(TASK_INSTANCE.END_DATE)
              .setNull(TASK_INSTANCE.START_DATE);
    }
    if (to == TaskState.RUNNING) {
      // A cleared task that runs again must not show the end date of its previous run.
      update =
          update
              .set(TASK_INSTANCE.START_DATE, c.at())
              .set(TASK_INSTANCE.HEARTBEAT_AT, c.at())
              .set(TASK_INSTANCE.WORKER, c.worker())
              .setNull(TASK_INSTANCE.END_DATE);
    }
    if (to.isTerminal()) {
      update = update.set(TASK_INSTANCE.END_DATE, c.at());
    }
    return update.where(
        TASK_INSTANCE.ID.eq(c.taskInstanceId()),
        TASK_INSTANCE.TRY_NUMBER.eq(c.tryNumber()),
        TASK_INSTANCE.STATE.eq(c.from().wireName()));
  }

  private static void writeHistory(DSLContext db, List<TaskChange> applied) {
    if (applied.isEmpty()) {
      return;
    }
    BatchBindStep batch =
        db.batch(
            db.insertInto(
                    TASK_INSTANCE_HISTORY,
                    TASK_INSTANCE_HISTORY.TASK_INSTANCE_ID,
                    TASK_INSTANCE_HISTORY.TRY_NUMBER,
                    TASK_INSTANCE_HISTORY.FROM_STATE,
                    TASK_INSTANCE_HISTORY.TO_STATE,
                    TASK_INSTANCE_HISTORY.WORKER,
                    TASK_INSTANCE_HISTORY.CHANGED_AT)
                .values(null, null, null, null, null, (Instant) null));
    for (TaskChange c : applied) {
      batch.bind(
          c.taskInstanceId(),
          c.resultingTryNumber(),
          c.from().wireName(),
          c.to().wireName(),
          c.worker(),
          c.at());
    }
    batch.execute();
  }
}

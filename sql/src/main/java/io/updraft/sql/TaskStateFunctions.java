package io.updraft.sql;

import io.updraft.core.run.LogLines;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Java's calls of the database functions that own task state ({@code R__updraft_task_state.sql}):
 * the one writer, {@code updraft_change_tasks}, and admission, {@code updraft_lock_admission} then
 * {@code updraft_admit}. Each is one statement; callers compose them in a transaction.
 */
final class TaskStateFunctions {
  private static final Logger LOG = LoggerFactory.getLogger(TaskStateFunctions.class);

  static final FunctionCall CHANGE_TASKS =
      FunctionCall.of(
          "updraft_change_tasks",
          "p_ids bigint[]",
          "p_tries integer[]",
          "p_from text[]",
          "p_to text[]",
          "p_new_tries integer[]",
          "p_next_try_at timestamptz[]",
          "p_at timestamptz[]",
          "p_workers text[]",
          "p_via text[]");

  static final FunctionCall LOCK_ADMISSION_CALL =
      FunctionCall.of("updraft_lock_admission", "p_ids bigint[]");

  static final FunctionCall ADMIT_CALL =
      FunctionCall.of("updraft_admit", "p_ids bigint[]", "p_max_active integer");

  // Only the numbers of the changes that matched: the rows they left stay in the database, where
  // turning each into text for the client cost more than the update of a no-op task's row.
  static final String CHANGE = "select c.change_no from " + CHANGE_TASKS.call() + " c";

  /** {@link #CHANGE} with finished tries' log lines written by the same statement. */
  static final String CHANGE_WITH_LOGS =
      """
      with logged as (
        insert into task_log (task_instance_id, try_number, chunk)
        select l.ti, l.try, l.chunk
          from unnest(?::bigint[], ?::int[], ?::text[]) with ordinality as l(ti, try, chunk, n)
         where exists (select 1 from task_instance t where t.id = l.ti)
         order by l.n
      )
      """
          + CHANGE;

  private static final String LOCK_ADMISSION = "select " + LOCK_ADMISSION_CALL.call();

  private static final String ADMIT = "select * from " + ADMIT_CALL.call();

  private TaskStateFunctions() {}

  /** Applies the changes that still match their fences; returns those, in the order given. */
  static List<TaskChange> change(DSLContext db, List<TaskChange> changes) {
    return change(db, changes, List.of());
  }

  /**
   * Applies the changes like {@link #change(DSLContext, List)} and, in the same statement, appends
   * {@code logs}, whichever changes matched.
   */
  static List<TaskChange> change(DSLContext db, List<TaskChange> changes, List<LogLines> logs) {
    if (changes.isEmpty()) {
      PostgresTaskLogStore.insertAll(db, logs);
      return List.of();
    }
    List<LogLines> nonEmpty = logs.stream().filter(l -> !l.lines().isEmpty()).toList();
    List<Object> arguments =
        nonEmpty.isEmpty()
            ? arguments(changes, List.of())
            : arguments(changes, logArguments(nonEmpty));
    String sql = nonEmpty.isEmpty() ? CHANGE : CHANGE_WITH_LOGS;
    Set<Integer> applied =
        new HashSet<>(ArrayStatement.query(db, sql, arguments, r -> r.getInt(1)));
    List<TaskChange> matched = new ArrayList<>(applied.size());
    for (int k = 0; k < changes.size(); k++) {
      // change_no counts the changes from 1, in the order given
      if (applied.contains(k + 1)) {
        matched.add(changes.get(k));
      }
    }
    return matched;
  }

  /**
   * Applies the changes like {@link #change}, returning the rows they changed, as they left them.
   */
  static List<TaskInstance> changeReturningRows(DSLContext db, List<TaskChange> changes) {
    if (changes.isEmpty()) {
      return List.of();
    }
    return ChangedRows.fetch(db, arguments(changes, List.of()));
  }

  /** Takes admission's locks (pools, then DAGs) for the tasks of these changes. */
  static void lockForAdmission(DSLContext db, List<TaskChange> candidates) {
    db.resultQuery(LOCK_ADMISSION, (Object) ids(candidates)).fetch();
  }

  /** The ids of the candidates that have room, once their locks are held. */
  static Set<Long> admitted(DSLContext db, List<TaskChange> candidates) {
    Set<Long> admitted = new HashSet<>();
    db.resultQuery(ADMIT, ids(candidates), null)
        .forEach(
            r -> {
              if (Boolean.TRUE.equals(r.get("admitted", Boolean.class))) {
                admitted.add(r.get("id", Long.class));
              }
              if (Boolean.FALSE.equals(r.get("pool_exists", Boolean.class))) {
                LOG.warn(
                    "Task instance {} is in a pool that does not exist; it waits until the pool is"
                        + " created",
                    r.get("id", Long.class));
              }
            });
    return admitted;
  }

  private static Long[] ids(List<TaskChange> changes) {
    return changes.stream().map(TaskChange::taskInstanceId).toArray(Long[]::new);
  }

  private static List<Object> logArguments(List<LogLines> logs) {
    int n = logs.size();
    Long[] ids = new Long[n];
    Integer[] tries = new Integer[n];
    String[] chunks = new String[n];
    for (int k = 0; k < n; k++) {
      ids[k] = logs.get(k).taskInstanceId();
      tries[k] = logs.get(k).tryNumber();
      chunks[k] = String.join("\n", logs.get(k).lines());
    }
    return List.<Object>of(ids, tries, chunks);
  }

  /** {@code before}'s arguments, then the changes' arrays in {@link #CHANGE_TASKS}'s order. */
  private static List<Object> arguments(List<TaskChange> changes, List<Object> before) {
    int n = changes.size();
    Long[] ids = new Long[n];
    Integer[] tries = new Integer[n];
    String[] from = new String[n];
    String[] to = new String[n];
    Integer[] newTries = new Integer[n];
    String[] nextTryAt = new String[n];
    String[] at = new String[n];
    String[] workers = new String[n];
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
    }
    List<Object> arguments = new ArrayList<>(before);
    arguments.addAll(List.of(ids, tries, from, to, newTries, nextTryAt, at, workers));
    // No change of Java's passes through a state on its way (only updraft_queue_ready's claims).
    arguments.add(new String[n]);
    return arguments;
  }
}

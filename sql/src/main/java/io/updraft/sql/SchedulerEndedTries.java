package io.updraft.sql;

import io.updraft.core.run.CallbackRequests;
import io.updraft.core.run.TaskChange;
import io.updraft.core.state.TaskState;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jooq.DSLContext;

/**
 * Tries the scheduler ends itself (a zombie's failure or retry): the fenced changes and the
 * requests for their task callbacks commit together, so a scheduler that dies after the change
 * cannot lose the callback, and one that loses the race to a slow worker asks for none.
 */
final class SchedulerEndedTries {
  private static final int MAX_REASON = 500;

  private SchedulerEndedTries() {}

  static List<TaskChange> apply(DSLContext dsl, List<TaskChange> changes, String reason) {
    for (TaskChange c : changes) {
      if (c.from() != TaskState.RUNNING
          || (c.to() != TaskState.FAILED && c.to() != TaskState.UP_FOR_RETRY)) {
        throw new IllegalArgumentException(
            "Not a try the scheduler ends (running to failed or up_for_retry): " + c);
      }
    }
    if (changes.isEmpty()) {
      return List.of();
    }
    String kept = reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason;
    return Transactions.result(
        dsl,
        db -> {
          Set<TaskChange> applied = new HashSet<>(TaskStateFunctions.change(db, changes));
          for (TaskChange c : changes) {
            if (applied.contains(c)) {
              request(db, c, kept);
            }
          }
          return changes.stream().filter(applied::contains).toList();
        });
  }

  private static void request(DSLContext db, TaskChange change, String reason) {
    db.execute(
        """
        insert into callback_request (kind, dag_run_id, payload)
        select ?, dag_run_id, jsonb_build_object(
            'task_instance_id', id, 'try_number', ?::int, 'state', ?::text, 'reason', ?::text)
        from task_instance where id = ?
        """,
        CallbackRequests.TASK_FAILED_BY_SCHEDULER,
        change.tryNumber(),
        change.to().wireName(),
        reason,
        change.taskInstanceId());
  }
}

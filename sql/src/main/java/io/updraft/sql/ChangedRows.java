package io.updraft.sql;

import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.TaskState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import org.jooq.DSLContext;

/**
 * The rows a change left, read with plain JDBC by column index. A worker claims hundreds of tasks a
 * second this way; jOOQ's mapping of each result row into a record, then into a {@link
 * TaskInstance}, was most of a claim's cost in the worker.
 */
final class ChangedRows {
  private static final String[] COLUMNS = {
    "id",
    "dag_run_id",
    "dag_id",
    "run_id",
    "task_id",
    "map_index",
    "state",
    "try_number",
    "max_tries",
    "queue",
    "pool",
    "priority_weight",
    "worker",
    "queued_at",
    "start_date",
    "end_date",
    "heartbeat_at",
    "next_try_at"
  };

  private static final String SQL =
      "select "
          + String.join(", ", Arrays.stream(COLUMNS).map(c -> "(c.task)." + c).toList())
          + " from "
          + TaskStateFunctions.CHANGE_TASKS.call()
          + " c order by c.change_no";

  private ChangedRows() {}

  /** Runs the change with these arguments (arrays, in the function's order) on {@code db}. */
  static List<TaskInstance> fetch(DSLContext db, List<Object> arguments) {
    return ArrayStatement.query(db, SQL, arguments, ChangedRows::taskInstance);
  }

  private static TaskInstance taskInstance(ResultSet r) throws SQLException {
    int weight = r.getInt(12);
    boolean noWeight = r.wasNull();
    return TaskInstance.builder(r.getLong(1), r.getString(5))
        .dagRunId(r.getLong(2))
        .dagId(r.getString(3))
        .runId(r.getString(4))
        .mapIndex(r.getInt(6))
        .state(TaskState.fromWireName(r.getString(7)))
        .tryNumber(r.getInt(8))
        .maxTries(r.getInt(9))
        .queue(r.getString(10))
        .pool(r.getString(11))
        .priorityWeight(noWeight ? 1 : weight)
        .worker(r.getString(13))
        .queuedAt(instant(r, 14))
        .startDate(instant(r, 15))
        .endDate(instant(r, 16))
        .heartbeatAt(instant(r, 17))
        .nextTryAt(instant(r, 18))
        .build();
  }

  private static Instant instant(ResultSet r, int column) throws SQLException {
    OffsetDateTime value = r.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}

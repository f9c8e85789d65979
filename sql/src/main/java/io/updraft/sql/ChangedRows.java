package io.updraft.sql;

import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.TaskState;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
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
    return db.connectionResult(
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(SQL)) {
            int index = 1;
            for (Object argument : arguments) {
              statement.setArray(index++, array(connection, (Object[]) argument));
            }
            List<TaskInstance> rows = new ArrayList<>();
            try (ResultSet r = statement.executeQuery()) {
              while (r.next()) {
                rows.add(taskInstance(r));
              }
            }
            return rows;
          }
        });
  }

  private static Array array(Connection connection, Object[] values) throws SQLException {
    String type =
        switch (values) {
          case Long[] ignored -> "bigint";
          case Integer[] ignored -> "integer";
          default -> "text";
        };
    return connection.createArrayOf(type, values);
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

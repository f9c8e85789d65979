package io.updraft.sql;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/**
 * A statement whose arguments are all arrays (one element per task), run with plain JDBC on the
 * connection of {@code db} (its transaction's, inside one) and read by column index. The task-state
 * statements run this way hundreds of times a second: jOOQ's plain-SQL path parsed the statement's
 * text for placeholders, rendered and bound it again on every call, and described its result
 * columns, which cost a worker more than sending the statement.
 */
final class ArrayStatement {
  /** Reads one row of a result, by column index. */
  interface RowReader<T> {
    T read(ResultSet row) throws SQLException;
  }

  private ArrayStatement() {}

  /**
   * The rows of {@code sql} with {@code arguments} (arrays of {@code Long}, {@code Integer} or
   * {@code String}, bound as {@code bigint[]}, {@code integer[]} and {@code text[]}; the statement
   * casts them to what it needs).
   */
  static <T> List<T> query(DSLContext db, String sql, List<Object> arguments, RowReader<T> reader) {
    return db.connectionResult(
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int index = 1;
            for (Object argument : arguments) {
              statement.setArray(index++, array(connection, (Object[]) argument));
            }
            List<T> rows = new ArrayList<>();
            try (ResultSet r = statement.executeQuery()) {
              while (r.next()) {
                rows.add(reader.read(r));
              }
            }
            return rows;
          } catch (SQLException e) {
            // As jOOQ reports a failed statement: callers and logs see the same either way.
            throw new DataAccessException("SQL [" + sql + "]; " + e.getMessage(), e);
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
}

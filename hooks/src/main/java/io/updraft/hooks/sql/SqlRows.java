package io.updraft.hooks.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows read from a result set, each a map of column label to value in the query's order, and
 * whether more rows were left unread; and statements prepared with bound parameters. Values are
 * only ever bound, never spliced into the SQL text.
 *
 * @param rows the rows read
 * @param cut whether the result had more rows than were read
 */
public record SqlRows(List<Map<String, Object>> rows, boolean cut) {
  /** Reads at most {@code limit} rows of {@code rs} (0: all of them). */
  public static SqlRows read(ResultSet rs, int limit) throws SQLException {
    ResultSetMetaData meta = rs.getMetaData();
    int columns = meta.getColumnCount();
    List<Map<String, Object>> rows = new ArrayList<>();
    while (rs.next()) {
      if (limit > 0 && rows.size() == limit) {
        return new SqlRows(rows, true);
      }
      Map<String, Object> row = LinkedHashMap.newLinkedHashMap(columns);
      for (int i = 1; i <= columns; i++) {
        row.put(meta.getColumnLabel(i), rs.getObject(i));
      }
      rows.add(row);
    }
    return new SqlRows(rows, false);
  }

  /** {@code sql} prepared with {@code params} bound in order. */
  public static PreparedStatement prepare(Connection c, String sql, List<?> params)
      throws SQLException {
    PreparedStatement s = c.prepareStatement(sql);
    try {
      for (int i = 0; i < params.size(); i++) {
        s.setObject(i + 1, params.get(i));
      }
      return s;
    } catch (SQLException | RuntimeException e) {
      s.close();
      throw e;
    }
  }
}

package io.updraft.hooks.postgres;

import io.updraft.core.dag.Operator;
import io.updraft.core.task.TaskContext;
import io.updraft.hooks.base.TemplatedValues;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs templated SQL on a PostgreSQL connection, as Airflow's {@code SQLExecuteQueryOperator}: each
 * statement with the same parameters, in one transaction unless {@code autocommit}. When the last
 * statement is a query, its rows become the task's XCom.
 *
 * <pre>{@code
 * Task.of("load", SqlOperator.of("warehouse",
 *     "insert into daily select * from staging where day = ?", "{{ ds }}"))
 * }</pre>
 */
public record SqlOperator(
    String connId, List<String> statements, List<Object> parameters, boolean autocommit)
    implements Operator {
  public SqlOperator {
    if (statements == null || statements.isEmpty()) {
      throw new IllegalArgumentException("A SQL task needs at least one statement");
    }
    statements = List.copyOf(statements);
    parameters =
        parameters == null
            ? List.of()
            : java.util.Collections.unmodifiableList(new ArrayList<>(parameters));
  }

  /** One templated statement with templated parameters, in a transaction. */
  public static SqlOperator of(String connId, String sql, Object... parameters) {
    return new SqlOperator(connId, List.of(sql), List.of(parameters), false);
  }

  @Override
  public String kind() {
    return "sql";
  }

  @Override
  public Map<String, Object> describe() {
    return Map.of("conn_id", connId, "sql", statements, "autocommit", autocommit);
  }

  @Override
  public Object execute(TaskContext context) throws Exception {
    List<Object> params = TemplatedValues.renderList(context, parameters);
    List<Map<String, Object>> lastRows = null;
    try (PostgresHook db = context.hook(connId, PostgresHook.class);
        java.sql.Connection c = db.getConnection()) {
      c.setAutoCommit(autocommit);
      try {
        for (String template : statements) {
          String sql = context.render(template);
          context.log().info("Running SQL on '" + connId + "': " + sql);
          lastRows = run(c, sql, params);
        }
        if (!autocommit) {
          c.commit();
        }
      } catch (Exception e) {
        if (!autocommit) {
          c.rollback();
        }
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
    return lastRows;
  }

  private static List<Map<String, Object>> run(
      java.sql.Connection c, String sql, List<Object> params) throws java.sql.SQLException {
    // Parameters only where the statement has placeholders: "create table" takes none.
    try (PreparedStatement s = c.prepareStatement(sql)) {
      int wanted = s.getParameterMetaData().getParameterCount();
      for (int i = 0; i < Math.min(wanted, params.size()); i++) {
        s.setObject(i + 1, params.get(i));
      }
      if (!s.execute()) {
        return null;
      }
      List<Map<String, Object>> rows = new ArrayList<>();
      try (ResultSet rs = s.getResultSet()) {
        ResultSetMetaData meta = rs.getMetaData();
        while (rs.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int i = 1; i <= meta.getColumnCount(); i++) {
            row.put(meta.getColumnLabel(i), rs.getObject(i));
          }
          rows.add(row);
        }
      }
      return rows;
    }
  }
}

package io.updraft.hooks.sql;

import io.updraft.core.dag.Operator;
import io.updraft.core.task.TaskContext;
import io.updraft.hooks.base.TemplatedValues;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs templated SQL on any SQL connection (a {@code postgres} or a {@code jdbc} one), as Airflow's
 * {@code SQLExecuteQueryOperator}: each statement with the same parameters, bound (never spliced
 * into the text), in one transaction unless {@code autocommit}. When the last statement is a query,
 * its first {@code xcomRows} rows become the task's XCom (0: none).
 *
 * <p>The statements are the DAG author's code; values from a run's conf or params belong in {@code
 * parameters} ({@code "{{ conf.day }}"}), which reach the database as data whatever they hold.
 *
 * <pre>{@code
 * Task.of("load", SqlOperator.of("warehouse",
 *     "insert into daily select * from staging where day = ?", "{{ ds }}"))
 * }</pre>
 */
public record SqlOperator(
    String connId,
    List<String> statements,
    List<Object> parameters,
    boolean autocommit,
    int xcomRows)
    implements Operator {
  /** XCom is stored in the metastore: a query's result beyond this stays out unless asked for. */
  public static final int DEFAULT_XCOM_ROWS = 1000;

  public SqlOperator {
    if (statements == null || statements.isEmpty()) {
      throw new IllegalArgumentException("A SQL task needs at least one statement");
    }
    if (xcomRows < 0) {
      throw new IllegalArgumentException("A SQL task's xcomRows must be 0 (none) or more");
    }
    statements = List.copyOf(statements);
    // Copied by hand: a parameter may be null, which List.copyOf refuses.
    parameters =
        parameters == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(parameters));
  }

  /** Statements with their parameters; the last query's first 1000 rows are the XCom. */
  public SqlOperator(
      String connId, List<String> statements, List<Object> parameters, boolean autocommit) {
    this(connId, statements, parameters, autocommit, DEFAULT_XCOM_ROWS);
  }

  /** One templated statement with templated parameters, in a transaction. */
  public static SqlOperator of(String connId, String sql, Object... parameters) {
    return new SqlOperator(connId, List.of(sql), List.of(parameters), false);
  }

  /** The same task keeping at most {@code rows} rows of the last query as its XCom (0: none). */
  public SqlOperator withXComRows(int rows) {
    return new SqlOperator(connId, statements, parameters, autocommit, rows);
  }

  @Override
  public String kind() {
    return "sql";
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("conn_id", connId);
    fields.put("sql", statements);
    fields.put("autocommit", autocommit);
    fields.put("xcom_rows", xcomRows);
    return fields;
  }

  @Override
  public Object execute(TaskContext context) throws Exception {
    List<Object> params = TemplatedValues.renderList(context, parameters);
    SqlRows last = null;
    try (SqlHook db = context.hook(connId, SqlHook.class);
        java.sql.Connection c = db.getConnection()) {
      c.setAutoCommit(autocommit);
      try {
        for (String template : statements) {
          String sql = context.render(template);
          context.log().info("Running SQL on '" + connId + "': " + sql);
          last = run(c, sql, params);
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
    if (last == null || xcomRows == 0) {
      return null;
    }
    if (last.cut()) {
      context
          .log()
          .info(
              "The last query returned more than "
                  + xcomRows
                  + " rows; the XCom keeps the first "
                  + xcomRows
                  + " (withXComRows to change)");
    }
    return last.rows();
  }

  private SqlRows run(java.sql.Connection c, String sql, List<Object> params) throws SQLException {
    // Parameters only where the statement has placeholders: "create table" takes none.
    try (PreparedStatement s = c.prepareStatement(sql)) {
      int wanted = s.getParameterMetaData().getParameterCount();
      for (int i = 0; i < Math.min(wanted, params.size()); i++) {
        s.setObject(i + 1, params.get(i));
      }
      // One row more than kept tells whether the result was cut.
      s.setMaxRows(xcomRows + 1);
      if (!s.execute()) {
        return null;
      }
      try (ResultSet rs = s.getResultSet()) {
        return xcomRows == 0 ? null : SqlRows.read(rs, xcomRows);
      }
    }
  }
}

package io.updraft.hooks.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.updraft.core.connection.Connection;
import io.updraft.core.hook.HookTestResult;
import io.updraft.core.hook.PooledHook;
import io.updraft.core.hook.SharedPools;
import io.updraft.hooks.sql.PoolLogin;
import io.updraft.hooks.sql.SqlHook;
import io.updraft.hooks.sql.SqlRows;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Any database with a JDBC driver on the class path, through the connection's shared HikariCP pool
 * (Airflow's {@code JdbcHook}). Every method borrows a JDBC connection for its own duration only.
 *
 * <pre>{@code
 * try (JdbcHook db = context.hook("reporting", JdbcHook.class)) {
 *   List<Map<String, Object>> rows = db.records("select * from sales where day = ?", day);
 * }
 * }</pre>
 */
public final class JdbcHook extends PooledHook<HikariDataSource> implements SqlHook {
  JdbcHook(
      Connection connection,
      SharedPools pools,
      String kind,
      Function<Connection, HikariDataSource> create) {
    super(connection, pools, kind, create);
  }

  /** The shared pool, for libraries that take a {@code DataSource} (jOOQ, Flyway, ...). */
  public DataSource dataSource() {
    return client();
  }

  /**
   * A JDBC connection from the pool; close it. When the database rejects the login (SQLState class
   * 28), the connection is fetched again, bypassing the secrets cache, and the login tried once
   * more with what it holds now.
   */
  @Override
  public java.sql.Connection getConnection() throws SQLException {
    return withCredentials(pool -> PoolLogin.borrow(pool, connection().connId(), "The database"));
  }

  /** Every row of a query, each a map of column label to value in the query's order. */
  public List<Map<String, Object>> records(String sql, Object... params) throws SQLException {
    return query(sql, List.of(params), 0).rows();
  }

  /** The first row of a query, if any. */
  public Optional<Map<String, Object>> firstRow(String sql, Object... params) throws SQLException {
    return query(sql, List.of(params), 1).rows().stream().findFirst();
  }

  /** Runs one statement with bound parameters; returns the rows it changed. */
  public int run(String sql, Object... params) throws SQLException {
    try (java.sql.Connection c = getConnection();
        PreparedStatement s = SqlRows.prepare(c, sql, List.of(params))) {
      s.execute();
      return Math.max(s.getUpdateCount(), 0);
    }
  }

  private SqlRows query(String sql, List<?> params, int limit) throws SQLException {
    try (java.sql.Connection c = getConnection();
        PreparedStatement s = SqlRows.prepare(c, sql, params);
        ResultSet rs = s.executeQuery()) {
      return SqlRows.read(rs, limit);
    }
  }

  @Override
  public HookTestResult test() {
    try (java.sql.Connection c = getConnection()) {
      DatabaseMetaData meta = c.getMetaData();
      return HookTestResult.ok(
          "Connected: " + meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion());
    } catch (SQLException | RuntimeException e) {
      return HookTestResult.failed(e);
    }
  }
}

package io.updraft.hooks.postgres;

import com.zaxxer.hikari.HikariDataSource;
import io.updraft.core.connection.Connection;
import io.updraft.core.hook.HookTestResult;
import io.updraft.core.hook.PooledHook;
import io.updraft.core.hook.SharedPools;
import io.updraft.core.secrets.CredentialsRejectedException;
import io.updraft.hooks.sql.PoolLogin;
import io.updraft.hooks.sql.SqlHook;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * PostgreSQL through the connection's shared HikariCP pool. Every method borrows a JDBC connection
 * for its own duration only, so a hook is cheap to keep for a whole task.
 *
 * <pre>{@code
 * try (PostgresHook db = context.hook("analytics", PostgresHook.class)) {
 *   List<Map<String, Object>> rows = db.records("select * from sales where day = ?", day);
 * }
 * }</pre>
 */
public final class PostgresHook extends PooledHook<HikariDataSource> implements SqlHook {
  PostgresHook(Connection connection, SharedPools pools) {
    this(connection, pools, "hikari", PostgresPool::create);
  }

  PostgresHook(
      Connection connection,
      SharedPools pools,
      String kind,
      java.util.function.Function<Connection, HikariDataSource> create) {
    super(connection, pools, kind, create);
  }

  /** The shared pool, for libraries that take a {@code DataSource} (jOOQ, Flyway, ...). */
  public javax.sql.DataSource dataSource() {
    return client();
  }

  HikariDataSource pool() {
    return client();
  }

  /**
   * A JDBC connection from the pool, for what the methods below do not cover; close it. When
   * PostgreSQL rejects the login (SQLState 28P01 or 28000), the connection is fetched again,
   * bypassing the secrets cache, and the login tried once more with what it holds now.
   *
   * @throws CredentialsRejectedException when the login is rejected even after fetching again
   */
  @Override
  public java.sql.Connection getConnection() throws SQLException {
    return withCredentials(pool -> PoolLogin.borrow(pool, connection().connId(), "PostgreSQL"));
  }

  /** Every row of a query, each a map of column label to value in the query's order. */
  public List<Map<String, Object>> records(String sql, Object... params) throws SQLException {
    List<Map<String, Object>> rows = new ArrayList<>();
    stream(sql, List.of(params), 0, rows::add);
    return rows;
  }

  /** The first row of a query, if any. */
  public Optional<Map<String, Object>> firstRow(String sql, Object... params) throws SQLException {
    try (java.sql.Connection c = getConnection();
        PreparedStatement s = prepare(c, sql, List.of(params))) {
      s.setMaxRows(1);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(row(rs, rs.getMetaData())) : Optional.empty();
      }
    }
  }

  /** Runs one statement with parameters; returns the rows it changed. */
  public int run(String sql, Object... params) throws SQLException {
    try (java.sql.Connection c = getConnection();
        PreparedStatement s = prepare(c, sql, List.of(params))) {
      s.execute();
      return Math.max(s.getUpdateCount(), 0);
    }
  }

  /**
   * Runs several statements: in one transaction (all or nothing) unless {@code autocommit}, where
   * each commits on its own (needed for {@code create index concurrently}, {@code vacuum}, ...).
   */
  public void run(List<String> statements, boolean autocommit) throws SQLException {
    try (java.sql.Connection c = getConnection()) {
      c.setAutoCommit(autocommit);
      try (Statement s = c.createStatement()) {
        for (String sql : statements) {
          s.execute(sql);
        }
        if (!autocommit) {
          c.commit();
        }
      } catch (SQLException | RuntimeException e) {
        if (!autocommit) {
          c.rollback();
        }
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  /**
   * Inserts rows in batches of {@code batchSize}, in one transaction. With {@code conflictColumns}
   * the insert is an upsert: a row whose key exists updates the other columns.
   *
   * @return the number of rows given
   */
  public int insertRows(
      String table,
      List<String> columns,
      List<? extends List<?>> rows,
      int batchSize,
      List<String> conflictColumns)
      throws SQLException {
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("insertRows into " + table + " needs column names");
    }
    String sql = InsertSql.of(table, columns, conflictColumns);
    try (java.sql.Connection c = getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement s = c.prepareStatement(sql)) {
        int pending = 0;
        for (List<?> row : rows) {
          if (row.size() != columns.size()) {
            throw new IllegalArgumentException(
                "A row for "
                    + table
                    + " has "
                    + row.size()
                    + " values for "
                    + columns.size()
                    + " columns "
                    + columns);
          }
          for (int i = 0; i < row.size(); i++) {
            s.setObject(i + 1, row.get(i));
          }
          s.addBatch();
          if (++pending == Math.max(batchSize, 1)) {
            s.executeBatch();
            pending = 0;
          }
        }
        if (pending > 0) {
          s.executeBatch();
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
    return rows.size();
  }

  /** Inserts rows in batches of 1000, without upsert. */
  public int insertRows(String table, List<String> columns, List<? extends List<?>> rows)
      throws SQLException {
    return insertRows(table, columns, rows, 1000, List.of());
  }

  /**
   * Streams a {@code COPY ... FROM STDIN} from {@code in} (CSV, text or binary as the statement
   * says); returns the rows copied.
   */
  public long copyIn(String copySql, InputStream in) throws SQLException, java.io.IOException {
    try (java.sql.Connection c = getConnection()) {
      return copyManager(c).copyIn(copySql, in);
    }
  }

  /** Streams a {@code COPY ... TO STDOUT} into {@code out}; returns the rows copied. */
  public long copyOut(String copySql, OutputStream out) throws SQLException, java.io.IOException {
    try (java.sql.Connection c = getConnection()) {
      return copyManager(c).copyOut(copySql, out);
    }
  }

  /**
   * Hands each row of a query to {@code handler} as it arrives, {@code fetchSize} rows at a time,
   * so a result larger than memory can be processed (pgjdbc uses a cursor only inside a
   * transaction, so the query runs in one).
   *
   * @return the number of rows
   */
  public long stream(String sql, List<?> params, int fetchSize, RowHandler handler)
      throws SQLException {
    try (java.sql.Connection c = getConnection()) {
      boolean cursor = fetchSize > 0;
      if (cursor) {
        c.setAutoCommit(false);
      }
      try (PreparedStatement s = prepare(c, sql, params)) {
        if (cursor) {
          s.setFetchSize(fetchSize);
        }
        long count = 0;
        try (ResultSet rs = s.executeQuery()) {
          ResultSetMetaData meta = rs.getMetaData();
          while (rs.next()) {
            handler.handle(row(rs, meta));
            count++;
          }
        }
        if (cursor) {
          c.commit();
        }
        return count;
      } catch (SQLException | RuntimeException e) {
        if (cursor) {
          c.rollback();
        }
        throw e;
      } finally {
        if (cursor) {
          c.setAutoCommit(true);
        }
      }
    }
  }

  @Override
  public HookTestResult test() {
    try {
      Object version = firstRow("select version() as v").orElseThrow().get("v");
      return HookTestResult.ok("Connected: " + version);
    } catch (SQLException | RuntimeException e) {
      return HookTestResult.failed(e);
    }
  }

  /** Receives one row of a streamed query. */
  @FunctionalInterface
  public interface RowHandler {
    void handle(Map<String, Object> row) throws SQLException;
  }

  private static PreparedStatement prepare(java.sql.Connection c, String sql, List<?> params)
      throws SQLException {
    PreparedStatement s = c.prepareStatement(sql);
    try {
      for (int i = 0; i < params.size(); i++) {
        s.setObject(i + 1, params.get(i));
      }
      return s;
    } catch (SQLException e) {
      s.close();
      throw e;
    }
  }

  private static Map<String, Object> row(ResultSet rs, ResultSetMetaData meta) throws SQLException {
    int n = meta.getColumnCount();
    Map<String, Object> row = LinkedHashMap.newLinkedHashMap(n);
    for (int i = 1; i <= n; i++) {
      row.put(meta.getColumnLabel(i), rs.getObject(i));
    }
    return row;
  }

  private static CopyManager copyManager(java.sql.Connection c) throws SQLException {
    return c.unwrap(PGConnection.class).getCopyAPI();
  }

  /** Builds the insert statement; identifiers are quoted, so any table or column name works. */
  static final class InsertSql {
    private InsertSql() {}

    static String of(String table, List<String> columns, List<String> conflictColumns) {
      String cols = columns.stream().map(InsertSql::quote).collect(Collectors.joining(", "));
      String marks = columns.stream().map(c -> "?").collect(Collectors.joining(", "));
      StringBuilder sql =
          new StringBuilder("insert into ")
              .append(quote(table))
              .append(" (")
              .append(cols)
              .append(") values (")
              .append(marks)
              .append(")");
      if (!conflictColumns.isEmpty()) {
        sql.append(" on conflict (")
            .append(
                conflictColumns.stream().map(InsertSql::quote).collect(Collectors.joining(", ")))
            .append(") do ");
        List<String> updates =
            columns.stream()
                .filter(c -> !conflictColumns.contains(c))
                .map(c -> quote(c) + " = excluded." + quote(c))
                .toList();
        sql.append(updates.isEmpty() ? "nothing" : "update set " + String.join(", ", updates));
      }
      return sql.toString();
    }

    /** Quotes each dotted part: {@code sales.daily} becomes {@code "sales"."daily"}. */
    static String quote(String name) {
      String[] parts = name.split("\\.", -1);
      List<String> quoted = new ArrayList<>();
      for (String part : parts) {
        quoted.add("\"" + part.replace("\"", "\"\"") + "\"");
      }
      return String.join(".", quoted);
    }
  }
}

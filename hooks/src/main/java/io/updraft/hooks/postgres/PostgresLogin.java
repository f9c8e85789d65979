package io.updraft.hooks.postgres;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.updraft.core.secrets.CredentialsRejectedException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Borrows a JDBC connection from a connection's pool and tells a rejected login (wrong password,
 * role not allowed to log in) from other failures, so that the hook can fetch rotated credentials.
 */
final class PostgresLogin {
  /** invalid_password and invalid_authorization_specification. */
  private static final Set<String> REJECTED = Set.of("28P01", "28000");

  private static final long SLICE_MILLIS = 500;

  private PostgresLogin() {}

  /**
   * A connection from {@code pool}.
   *
   * @throws CredentialsRejectedException when PostgreSQL refused the login, with its error as cause
   */
  static Connection borrow(HikariDataSource pool, String connId) throws SQLException {
    try {
      return waitForConnection(pool);
    } catch (SQLException e) {
      SQLException refused = loginRefusal(e);
      if (refused == null) {
        throw e;
      }
      // PostgreSQL's text names the user, never the password.
      throw new CredentialsRejectedException(
          "PostgreSQL rejected the credentials of connection '"
              + connId
              + "' (SQLState "
              + refused.getSQLState()
              + ": "
              + refused.getMessage()
              + ")",
          e);
    }
  }

  /**
   * Hikari waits its whole connection timeout (30 s by default) for a connection even when every
   * login fails; asking in short slices, each of which reports the last login's error, sees a
   * rejected password within about half a second and still waits the full timeout otherwise.
   */
  private static Connection waitForConnection(HikariDataSource pool) throws SQLException {
    if (!(pool.getHikariPoolMXBean() instanceof HikariPool hikari)) {
      return pool.getConnection();
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pool.getConnectionTimeout());
    while (true) {
      if (pool.isClosed()) {
        return pool.getConnection(); // throws, naming the closed pool
      }
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      try {
        return hikari.getConnection(Math.max(1, Math.min(left, SLICE_MILLIS)));
      } catch (SQLTransientConnectionException e) {
        if (left <= SLICE_MILLIS || loginRefusal(e) != null) {
          throw e;
        }
      }
    }
  }

  /** The login refusal among {@code e}'s causes and chained exceptions, if any. */
  static SQLException loginRefusal(Throwable e) {
    int depth = 0;
    for (Throwable t = e; t != null && depth < 10; depth++) {
      if (t instanceof SQLException sql) {
        if (sql.getSQLState() != null && REJECTED.contains(sql.getSQLState())) {
          return sql;
        }
        if (sql.getNextException() != null && sql.getNextException() != t.getCause()) {
          SQLException next = loginRefusal(sql.getNextException());
          if (next != null) {
            return next;
          }
        }
      }
      t = t.getCause() == t ? null : t.getCause();
    }
    return null;
  }
}

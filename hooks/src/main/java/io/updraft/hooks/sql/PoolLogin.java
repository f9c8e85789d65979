package io.updraft.hooks.sql;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.updraft.core.secrets.CredentialsRejectedException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.TimeUnit;

/**
 * Borrows a JDBC connection from a connection's pool and tells a rejected login (wrong password,
 * role not allowed to log in) from other failures, so that the hook can fetch rotated credentials.
 * A rejection is SQLState class 28, "invalid authorization specification", which PostgreSQL (28P01,
 * 28000), H2 (28000) and most other drivers use for a refused login.
 */
public final class PoolLogin {
  private static final String REJECTED_CLASS = "28";

  private static final long SLICE_MILLIS = 500;

  private PoolLogin() {}

  /**
   * A connection from {@code pool}.
   *
   * @param system what the pool connects to, for the error ("PostgreSQL", "The database")
   * @throws CredentialsRejectedException when the database refused the login, with its error as
   *     cause
   */
  public static Connection borrow(HikariDataSource pool, String connId, String system)
      throws SQLException {
    try {
      return waitForConnection(pool);
    } catch (SQLException e) {
      SQLException refused = loginRefusal(e);
      if (refused == null) {
        throw e;
      }
      // Drivers' texts name the user, never the password.
      throw new CredentialsRejectedException(
          system
              + " rejected the credentials of connection '"
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
  public static SQLException loginRefusal(Throwable e) {
    int depth = 0;
    for (Throwable t = e; t != null && depth < 10; depth++) {
      if (t instanceof SQLException sql) {
        if (sql.getSQLState() != null && sql.getSQLState().startsWith(REJECTED_CLASS)) {
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

package io.updraft.core.run;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells a failure to reach the database (server down, network cut, no connection in time) from
 * other database errors, so that callers can answer "unavailable, try again" rather than report a
 * bug.
 */
public final class DatabaseUnreachable {
  /** SQLState class 08: connection exception (PostgreSQL: 08000, 08001, 08003, 08006, ...). */
  private static final String CONNECTION_EXCEPTION_CLASS = "08";

  private static final int MAX_DEPTH = 32;

  private DatabaseUnreachable() {}

  /**
   * Whether {@code e} or one of its causes says the database could not be reached: HikariCP's
   * timeout waiting for a connection, or a JDBC error of SQLState class 08 (jOOQ's {@code
   * DataAccessException} wraps either).
   */
  public static boolean isCause(Throwable e) {
    Throwable t = e;
    for (int depth = 0; t != null && depth < MAX_DEPTH; depth++) {
      if (t instanceof SQLTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException sql
          && sql.getSQLState() != null
          && sql.getSQLState().startsWith(CONNECTION_EXCEPTION_CLASS)) {
        return true;
      }
      t = t.getCause() == t ? null : t.getCause();
    }
    return false;
  }
}

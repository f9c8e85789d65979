package io.updraft.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Transactions on one pooled connection: auto-commit off, the work, commit (or roll back on any
 * error). Used instead of jOOQ's transaction API, which since 3.21 asks the driver for the
 * isolation level at every begin: with PostgreSQL's driver that is one more round trip (a {@code
 * SHOW TRANSACTION ISOLATION LEVEL}) on every state change (jOOQ issue #20135). Work started inside
 * a transaction joins it: the outer one commits or rolls back for both.
 */
final class Transactions {
  private Transactions() {}

  static <T> T result(DSLContext dsl, Function<DSLContext, T> work) {
    return dsl.connectionResult(connection -> inTransaction(connection, work));
  }

  private static <T> T inTransaction(Connection connection, Function<DSLContext, T> work)
      throws SQLException {
    // The dialect is read from the connection URL: the overload that names it refers to JAXB
    // annotations this build does not have, which -Werror rejects.
    DSLContext db = DSL.using(connection);
    if (!connection.getAutoCommit()) {
      return work.apply(db);
    }
    connection.setAutoCommit(false);
    try {
      T result = work.apply(db);
      connection.commit();
      return result;
    } catch (RuntimeException | Error | SQLException e) {
      rollback(connection, e);
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  static void run(DSLContext dsl, Consumer<DSLContext> work) {
    result(
        dsl,
        db -> {
          work.accept(db);
          return null;
        });
  }

  private static void rollback(Connection connection, Throwable cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }
}

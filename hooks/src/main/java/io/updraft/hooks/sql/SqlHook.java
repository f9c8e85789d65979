package io.updraft.hooks.sql;

import io.updraft.core.hook.Hook;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A hook that lends JDBC connections, as Airflow's {@code DbApiHook}: what {@link SqlOperator} and
 * {@link SqlSensor} need, whatever the database. The PostgreSQL hook and the generic JDBC hook are
 * both one.
 */
public interface SqlHook extends Hook {
  /**
   * A JDBC connection from the hook's shared pool, in autocommit mode; the caller closes it. A
   * rejected login is fetched again and tried once more, as the hook's other calls are.
   *
   * @throws io.updraft.core.secrets.CredentialsRejectedException when the login is rejected even
   *     after fetching the connection again
   */
  Connection getConnection() throws SQLException;
}

package io.updraft.hooks.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.updraft.core.connection.Connection;
import io.updraft.core.hook.ConnectionTests;
import io.updraft.hooks.sql.HikariPools;
import java.util.Map;

/**
 * Builds the HikariCP pool of a connection. Pool size and timeouts come from extras; libpq's
 * settings (sslmode, application_name, ...) become pgjdbc properties of the same meaning.
 */
final class PostgresPool {
  /** libpq names, as Airflow's extras spell them, to pgjdbc's. */
  private static final Map<String, String> DRIVER_PROPERTIES =
      Map.of(
          "sslmode", "sslmode",
          "sslcert", "sslcert",
          "sslkey", "sslkey",
          "sslrootcert", "sslrootcert",
          "application_name", "ApplicationName",
          "options", "options",
          "connect_timeout", "connectTimeout",
          "keepalives", "tcpKeepAlive");

  private PostgresPool() {}

  static String jdbcUrl(Connection c) {
    if (c.host() == null || c.host().isBlank()) {
      throw new IllegalArgumentException(
          "Connection '" + c.connId() + "' has no host; set it to the PostgreSQL server's name");
    }
    String database = c.schema() == null || c.schema().isBlank() ? "postgres" : c.schema();
    int port = c.port() == null ? 5432 : c.port();
    return "jdbc:postgresql://" + c.host() + ":" + port + "/" + database;
  }

  static HikariDataSource create(Connection c) {
    return new HikariDataSource(config(c));
  }

  private static HikariConfig config(Connection c) {
    HikariConfig config = HikariPools.config(c, jdbcUrl(c));
    DRIVER_PROPERTIES.forEach(
        (extra, property) -> {
          String value = c.extraString(extra);
          if (value != null) {
            config.addDataSourceProperty(property, value);
          }
        });
    return config;
  }

  /**
   * For a connection test asked for by a person: one connection, and every wait (connecting, the
   * login, the pool, a socket read) at most {@link ConnectionTests#TIMEOUT}.
   */
  static HikariDataSource forTest(Connection c) {
    HikariConfig config = HikariPools.forTest(config(c), c);
    String seconds = Long.toString(ConnectionTests.TIMEOUT.toSeconds());
    config.addDataSourceProperty("connectTimeout", seconds);
    config.addDataSourceProperty("loginTimeout", seconds);
    config.addDataSourceProperty("socketTimeout", seconds);
    return new HikariDataSource(config);
  }
}

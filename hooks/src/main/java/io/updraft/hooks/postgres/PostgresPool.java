package io.updraft.hooks.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.updraft.core.connection.Connection;
import io.updraft.core.hook.ConnectionTests;
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
    HikariConfig config = new HikariConfig();
    config.setPoolName("updraft-" + c.connId());
    config.setJdbcUrl(jdbcUrl(c));
    config.setUsername(c.login());
    config.setPassword(c.password());
    config.setMaximumPoolSize(intExtra(c, "pool_size", 5));
    config.setMinimumIdle(intExtra(c, "min_idle", 0));
    config.setConnectionTimeout(seconds(c, "pool_timeout", 30));
    config.setIdleTimeout(seconds(c, "idle_timeout", 600));
    config.setMaxLifetime(seconds(c, "max_lifetime", 1800));
    // Do not connect while building: a bad password must fail the task, not the pool's map.
    config.setInitializationFailTimeout(-1);
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
    HikariConfig config = config(c);
    long millis = ConnectionTests.TIMEOUT.toMillis();
    config.setPoolName("updraft-test-" + c.connId());
    config.setMaximumPoolSize(1);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(millis);
    config.setValidationTimeout(Math.min(millis, config.getValidationTimeout()));
    String seconds = Long.toString(ConnectionTests.TIMEOUT.toSeconds());
    config.addDataSourceProperty("connectTimeout", seconds);
    config.addDataSourceProperty("loginTimeout", seconds);
    config.addDataSourceProperty("socketTimeout", seconds);
    return new HikariDataSource(config);
  }

  private static int intExtra(Connection c, String key, int otherwise) {
    String value = c.extraString(key);
    if (value == null) {
      return otherwise;
    }
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Connection '"
              + c.connId()
              + "': extra '"
              + key
              + "' must be a whole number, got '"
              + value
              + "'");
    }
  }

  private static long seconds(Connection c, String key, int otherwise) {
    return intExtra(c, key, otherwise) * 1000L;
  }
}

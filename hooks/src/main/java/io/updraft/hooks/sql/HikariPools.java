package io.updraft.hooks.sql;

import com.zaxxer.hikari.HikariConfig;
import io.updraft.core.connection.Connection;
import io.updraft.core.hook.ConnectionTests;

/**
 * The HikariCP settings every SQL hook shares: the connection's login and the pool's size and
 * timeouts from the extras {@code pool_size}, {@code min_idle}, {@code pool_timeout}, {@code
 * idle_timeout} and {@code max_lifetime} (seconds), so that a PostgreSQL and a generic JDBC
 * connection are tuned by the same names.
 */
public final class HikariPools {
  private HikariPools() {}

  /** A pool's settings for {@code jdbcUrl}, not connecting yet. */
  public static HikariConfig config(Connection c, String jdbcUrl) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("updraft-" + c.connId());
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(c.login());
    config.setPassword(c.password());
    config.setMaximumPoolSize(intExtra(c, "pool_size", 5));
    config.setMinimumIdle(intExtra(c, "min_idle", 0));
    config.setConnectionTimeout(seconds(c, "pool_timeout", 30));
    config.setIdleTimeout(seconds(c, "idle_timeout", 600));
    config.setMaxLifetime(seconds(c, "max_lifetime", 1800));
    // Do not connect while building: a bad password must fail the task, not the pool's map.
    config.setInitializationFailTimeout(-1);
    return config;
  }

  /**
   * Narrows {@code config} for a connection test asked for by a person: one connection, and the
   * pool's waits at most {@link ConnectionTests#TIMEOUT} (Hikari also gives the driver that login
   * timeout).
   */
  public static HikariConfig forTest(HikariConfig config, Connection c) {
    long millis = ConnectionTests.TIMEOUT.toMillis();
    config.setPoolName("updraft-test-" + c.connId());
    config.setMaximumPoolSize(1);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(millis);
    config.setValidationTimeout(Math.min(millis, config.getValidationTimeout()));
    return config;
  }

  /** A whole-number extra, or {@code otherwise}; an error naming the conn id when not a number. */
  public static int intExtra(Connection c, String key, int otherwise) {
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

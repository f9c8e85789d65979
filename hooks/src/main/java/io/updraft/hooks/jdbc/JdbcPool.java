package io.updraft.hooks.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.updraft.core.connection.Connection;
import io.updraft.hooks.sql.HikariPools;
import java.sql.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the HikariCP pool of a {@code jdbc} connection, read as Airflow's JdbcHook reads it: the
 * JDBC URL in the host field (or the extra {@code url}), the driver class in the extra {@code
 * driver_class}. Drivers come from the class path only, so Airflow's {@code driver_path} is not
 * used.
 */
final class JdbcPool {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcPool.class);

  private JdbcPool() {}

  static String jdbcUrl(Connection c) {
    String url = c.extraString("url");
    if (url == null || url.isBlank()) {
      url = c.host();
    }
    if (url == null || !url.strip().startsWith("jdbc:")) {
      throw new IllegalArgumentException(
          "Connection '"
              + c.connId()
              + "' has no JDBC URL; set its host (or the extra 'url') to one such as"
              + " jdbc:postgresql://db.example.com:5432/analytics");
    }
    return url.strip();
  }

  static HikariDataSource create(Connection c) {
    return new HikariDataSource(config(c));
  }

  /** For a connection test asked for by a person: one connection and short waits. */
  static HikariDataSource forTest(Connection c) {
    return new HikariDataSource(HikariPools.forTest(config(c), c));
  }

  private static HikariConfig config(Connection c) {
    HikariConfig config = HikariPools.config(c, jdbcUrl(c));
    String driver = c.extraString("driver_class");
    if (driver != null && !driver.isBlank()) {
      config.setDriverClassName(checkedDriver(c, driver.strip()));
    }
    if (c.extraString("driver_path") != null) {
      LOG.warn(
          "Connection '{}': the extra driver_path is not used; put the driver's jar on the class"
              + " path of the worker and the API server",
          c.connId());
    }
    return config;
  }

  /**
   * The driver class's name once it is known to be a JDBC driver: the pool instantiates the class,
   * and a connection's extra must not make it run the constructor of any other class on the class
   * path. The class is looked up without being initialised.
   */
  private static String checkedDriver(Connection c, String name) {
    Class<?> type;
    try {
      type = Class.forName(name, false, JdbcPool.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalArgumentException(
          "Connection '"
              + c.connId()
              + "': driver class '"
              + name
              + "' is not on the class path; add the driver's jar to the worker and the API"
              + " server, or leave driver_class out to let the URL pick the driver");
    }
    if (!Driver.class.isAssignableFrom(type)) {
      throw new IllegalArgumentException(
          "Connection '"
              + c.connId()
              + "': driver class '"
              + name
              + "' is not a java.sql.Driver; set driver_class to the driver's class, e.g."
              + " org.postgresql.Driver");
    }
    return name;
  }
}

package io.updraft.sql;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Connections from the PostgreSQL driver itself rather than through {@link java.sql.DriverManager},
 * whose first use looks up every driver with a service lookup that reads each jar of the class
 * path: a tenth of a second on every command that reaches the database.
 */
final class PostgresDriverDataSource extends DriverLoggingDataSource {
  private static final String PREFIX = "jdbc:postgresql:";

  private final Driver driver = new org.postgresql.Driver();
  private final String url;
  private int loginTimeoutSeconds;

  private PostgresDriverDataSource(String url) {
    this.url = url;
  }

  /**
   * A data source for a PostgreSQL URL; null for any other URL (then the pool asks DriverManager).
   */
  static PostgresDriverDataSource forUrl(String url) {
    return url != null && url.startsWith(PREFIX) ? new PostgresDriverDataSource(url) : null;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return getConnection(null, null);
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    Properties properties = new Properties();
    if (user != null) {
      properties.setProperty("user", user);
    }
    if (password != null) {
      properties.setProperty("password", password);
    }
    if (loginTimeoutSeconds > 0) {
      properties.setProperty("loginTimeout", Integer.toString(loginTimeoutSeconds));
    }
    Connection connection = driver.connect(url, properties);
    if (connection == null) {
      throw new SQLException("The PostgreSQL driver does not accept this URL; expected " + PREFIX);
    }
    return connection;
  }

  @Override
  public void setLoginTimeout(int seconds) {
    loginTimeoutSeconds = seconds;
  }

  @Override
  public int getLoginTimeout() {
    return loginTimeoutSeconds;
  }
}

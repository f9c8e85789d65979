package io.updraft.sql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import javax.sql.DataSource;
import org.jooq.tools.jdbc.DefaultConnection;

/**
 * The connections of a command that runs a few statements and exits: one connection, opened at once
 * and lent again each time the command asks, with no pool. A pool starts threads, logs through its
 * own classes and checks connections on the way in and out, all of which a command that is done
 * within a second pays for at start. A command that asks for a second connection while the first is
 * lent (a nested transaction) gets a new one, closed when given back.
 */
final class CommandDataSource extends DriverLoggingDataSource implements AutoCloseable {
  private final DataSource driver;
  private final String url;
  private final String user;
  private final String password;
  private Connection idle;
  private boolean closed;

  /** Opens the first connection; fails as the driver does when the server cannot be reached. */
  CommandDataSource(String url, String user, String password, int loginTimeoutSeconds)
      throws SQLException {
    PostgresDriverDataSource direct = PostgresDriverDataSource.forUrl(url);
    if (direct != null) {
      direct.setLoginTimeout(loginTimeoutSeconds);
    }
    this.driver = direct;
    this.url = url;
    this.user = user;
    this.password = password;
    this.idle = open();
  }

  private Connection open() throws SQLException {
    return driver != null
        ? driver.getConnection(user, password)
        : DriverManager.getConnection(url, user, password);
  }

  @Override
  public synchronized Connection getConnection() throws SQLException {
    if (closed) {
      throw new SQLException("The command's database connection is closed");
    }
    Connection physical = idle;
    idle = null;
    if (physical == null || physical.isClosed()) {
      physical = open();
    }
    return new Lent(physical);
  }

  /** Keeps {@code physical} for the next caller, in the state a new connection has. */
  private synchronized void giveBack(Connection physical) throws SQLException {
    if (closed || idle != null || physical.isClosed()) {
      physical.close();
      return;
    }
    try {
      if (!physical.getAutoCommit()) {
        physical.rollback(); // what the borrower left uncommitted is not kept
        physical.setAutoCommit(true);
      }
      if (physical.isReadOnly()) {
        physical.setReadOnly(false);
      }
      idle = physical;
    } catch (SQLException e) {
      physical.close();
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (idle != null) {
      try {
        idle.close();
      } catch (SQLException e) {
        // Closing on the way out: the server drops the session when the process ends anyway.
      }
      idle = null;
    }
  }

  @Override
  public Connection getConnection(String username, String pass) throws SQLException {
    throw new SQLFeatureNotSupportedException("The command's connection has its user already");
  }

  @Override
  public void setLoginTimeout(int seconds) {
    // Set once, when the first connection is opened.
  }

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  /** A lent connection: closing it gives the connection back instead. */
  private final class Lent extends DefaultConnection {
    private boolean returned;

    Lent(Connection physical) {
      super(physical);
    }

    @Override
    public void close() throws SQLException {
      if (!returned) {
        returned = true;
        giveBack(getDelegate());
      }
    }

    @Override
    public boolean isClosed() throws SQLException {
      return returned || super.isClosed();
    }
  }
}

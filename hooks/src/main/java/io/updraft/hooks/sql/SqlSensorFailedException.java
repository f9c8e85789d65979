package io.updraft.hooks.sql;

/** A {@link SqlSensor} saw a value it was told means failure; the wait is over. */
public final class SqlSensorFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SqlSensorFailedException(String message) {
    super(message);
  }
}

package io.updraft.core.connection;

/**
 * A connection value that is neither a valid URI nor a valid JSON object. The message says which
 * form was tried, where the value came from and what is wrong, and never contains the value itself
 * (it may hold a password).
 */
public final class InvalidConnectionException extends IllegalArgumentException {
  public InvalidConnectionException(String message) {
    super(message);
  }

  public InvalidConnectionException(String message, Throwable cause) {
    super(message, cause);
  }
}

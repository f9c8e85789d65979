package io.updraft.core.secrets;

/**
 * The metastore holds a value its configured Fernet keys cannot read: no key is configured, or the
 * value was encrypted with another key. It is a misconfiguration, not a missing secret: a secrets
 * chain stops at it instead of reporting "not found" or falling back to another backend, and the
 * API answers with its message instead of a server error. The message says what to do and never
 * holds a secret.
 */
public final class FernetKeyException extends RuntimeException {
  public FernetKeyException(String message) {
    super(message);
  }
}

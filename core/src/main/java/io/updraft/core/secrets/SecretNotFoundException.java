package io.updraft.core.secrets;

/** No backend of the chain has the connection or variable; the message names them all. */
public final class SecretNotFoundException extends RuntimeException {
  public SecretNotFoundException(String message) {
    super(message);
  }
}

package io.updraft.core.secrets;

/**
 * Thrown by code using a connection when the remote system rejected its credentials (a 401, a
 * failed database login). {@link SecretsChain#withConnection} then fetches the connection again,
 * bypassing the cache, and retries once: a rotated password is picked up without a restart.
 */
public final class CredentialsRejectedException extends RuntimeException {
  public CredentialsRejectedException(String message, Throwable cause) {
    super(message, cause);
  }
}

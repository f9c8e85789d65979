package io.updraft.core.secrets;

/**
 * Thrown by code using a connection when the remote system rejected its credentials (a 401, a
 * failed database login). Hooks opened through {@code Hooks} then fetch the connection again,
 * bypassing the cache, and retry once (see {@code PooledHook}), as {@link
 * SecretsChain#withConnection} does for other code: a rotated password is picked up without a
 * restart. The message names the conn id and never holds a secret; the cause is the system's own
 * error.
 */
public final class CredentialsRejectedException extends RuntimeException {
  public CredentialsRejectedException(String message, Throwable cause) {
    super(message, cause);
  }
}

package io.updraft.hooks.google;

import com.google.cloud.BaseServiceException;
import io.updraft.core.secrets.CredentialsRejectedException;
import java.io.IOException;
import java.util.List;

/**
 * Tells Google errors that reject the credentials themselves from other refusals: a 401 from the
 * API, or the token endpoint refusing the service account key ({@code invalid_grant}, {@code
 * invalid_client}: a deleted or revoked key). A 403 is a missing permission of a recognised
 * account, which fetching the connection again would not change.
 */
final class GoogleRejections {
  private static final List<String> TOKEN_ERRORS =
      List.of("invalid_grant", "invalid_client", "unauthorized_client");

  private GoogleRejections() {}

  /** Whether {@code e} says the credentials are wrong, revoked or deleted. */
  static boolean rejectsCredentials(BaseServiceException e) {
    if (e.getCode() == 401) {
      return true;
    }
    int depth = 0;
    for (Throwable t = e.getCause(); t != null && depth < 10; t = t.getCause(), depth++) {
      // google-auth's token error (an IOException) carries the endpoint's OAuth error code.
      if (t instanceof IOException && t.getMessage() != null) {
        String message = t.getMessage();
        if (TOKEN_ERRORS.stream().anyMatch(message::contains)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * {@code e} as a {@link CredentialsRejectedException} naming the connection when it rejects the
   * credentials, otherwise {@code e} itself.
   */
  static RuntimeException signal(BaseServiceException e, String service, String connId) {
    if (!rejectsCredentials(e)) {
      return e;
    }
    // Google's messages and the token endpoint's answer never repeat the private key.
    return new CredentialsRejectedException(
        service
            + " rejected the credentials of connection '"
            + connId
            + "' ("
            + (e.getCode() == 0 ? "" : e.getCode() + ": ")
            + e.getMessage()
            + ")",
        e);
  }
}

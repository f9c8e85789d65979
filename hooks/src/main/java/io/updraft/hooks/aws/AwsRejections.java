package io.updraft.hooks.aws;

import io.updraft.core.secrets.CredentialsRejectedException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Tells AWS errors that reject the credentials themselves (an unknown or deleted access key, a
 * secret that no longer signs, an expired session token) from other refusals. {@code AccessDenied}
 * is not among them: the key was recognised and lacks a permission, which fetching the connection
 * again would not change.
 */
final class AwsRejections {
  static final Set<String> CREDENTIAL_ERRORS =
      Set.of(
          "InvalidAccessKeyId",
          "SignatureDoesNotMatch",
          "ExpiredToken",
          "ExpiredTokenException",
          "InvalidToken",
          "TokenRefreshRequired",
          "InvalidClientTokenId",
          "UnrecognizedClientException",
          "AuthFailure");

  private AwsRejections() {}

  /** Whether {@code e} says the credentials are wrong or expired. */
  static boolean rejectsCredentials(AwsServiceException e) {
    AwsErrorDetails details = e.awsErrorDetails();
    return details != null
        && details.errorCode() != null
        && CREDENTIAL_ERRORS.contains(details.errorCode());
  }

  /**
   * A 403 to a HEAD request: S3 sends no body, so no error code tells a rejected key from a missing
   * permission. Callers ask again with a request whose answer says why.
   */
  static boolean unexplainedHeadRefusal(AwsServiceException e) {
    AwsErrorDetails details = e.awsErrorDetails();
    return e.statusCode() == 403
        && (details == null
            || details.errorCode() == null
            || !details.errorCode().chars().allMatch(Character::isLetterOrDigit));
  }

  /**
   * {@code e} as a {@link CredentialsRejectedException} naming the connection when it rejects the
   * credentials, otherwise {@code e} itself.
   */
  static RuntimeException signal(AwsServiceException e, String service, String connId) {
    if (!rejectsCredentials(e)) {
      return e;
    }
    // AWS's messages name the access key id at most, never the secret.
    return new CredentialsRejectedException(
        service
            + " rejected the credentials of connection '"
            + connId
            + "' ("
            + e.statusCode()
            + " "
            + e.awsErrorDetails().errorCode()
            + ": "
            + e.awsErrorDetails().errorMessage()
            + ")",
        e);
  }
}

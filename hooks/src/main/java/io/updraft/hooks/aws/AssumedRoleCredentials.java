package io.updraft.hooks.aws;

import io.updraft.core.secrets.CredentialsRejectedException;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The temporary credentials of an assumed role, for one AWS client. The SDK's provider calls
 * AssumeRole on first use and again before the credentials expire (5 minutes ahead, on the calling
 * thread: a client that sits idle holds no refresh thread). STS's refusals become errors that name
 * the asker and the role: a rejected base key is a {@link CredentialsRejectedException}, so a hook
 * fetches its connection again as for any rotated key; anything else (the role's trust policy, a
 * wrong external id, a duration above the role's maximum) is a plain client error.
 */
final class AssumedRoleCredentials implements AwsCredentialsProvider, SdkAutoCloseable {
  private final AwsAssumeRole role;
  private final StsClient sts;
  private final StsAssumeRoleCredentialsProvider provider;

  AssumedRoleCredentials(AwsAssumeRole role, AwsCredentialsProvider base) {
    this.role = role;
    StsClientBuilder builder =
        StsClient.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .region(Region.of(role.region()))
            .credentialsProvider(base);
    if (role.stsEndpoint() != null) {
      builder.endpointOverride(role.stsEndpoint());
    }
    this.sts = builder.build();
    this.provider =
        StsAssumeRoleCredentialsProvider.builder()
            .stsClient(sts)
            .asyncCredentialUpdateEnabled(false)
            .refreshRequest(
                r ->
                    r.roleArn(role.roleArn())
                        .roleSessionName(role.sessionName())
                        .externalId(role.externalId())
                        .durationSeconds(role.durationSeconds()))
            .build();
  }

  @Override
  public AwsCredentials resolveCredentials() {
    try {
      return provider.resolveCredentials();
    } catch (AwsServiceException e) {
      throw refused(e);
    } catch (SdkClientException e) {
      throw SdkClientException.create(
          "Cannot assume role "
              + role.roleArn()
              + " for "
              + role.who()
              + ": STS did not answer ("
              + e.getMessage()
              + ")",
          e);
    }
  }

  private RuntimeException refused(AwsServiceException e) {
    // STS's messages name the caller's ARN and the role at most, never a secret key.
    String answer =
        e.statusCode()
            + " "
            + e.awsErrorDetails().errorCode()
            + ": "
            + e.awsErrorDetails().errorMessage();
    if (AwsRejections.rejectsCredentials(e)) {
      return new CredentialsRejectedException(
          "AWS STS rejected the base credentials of "
              + role.who()
              + " when assuming role "
              + role.roleArn()
              + " ("
              + answer
              + ")",
          e);
    }
    return SdkClientException.create(
        "AWS STS refused to let "
            + role.who()
            + " assume role "
            + role.roleArn()
            + " ("
            + answer
            + "). Check the role's trust policy (it must trust the base credentials' principal"
            + " and, when set, the external id), the base credentials' sts:AssumeRole permission"
            + " and the session duration",
        e);
  }

  @Override
  public void close() {
    provider.close();
    sts.close();
  }

  @Override
  public String toString() {
    return "AssumedRoleCredentials[" + role + "]";
  }
}

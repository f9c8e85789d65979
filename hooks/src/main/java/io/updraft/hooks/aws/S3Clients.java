package io.updraft.hooks.aws;

import io.updraft.core.connection.Connection;
import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.DelegatingS3Client;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Builds the S3 client of an {@code aws} connection, reading the fields as Airflow's AWS connection
 * does: the access key in login (or extra {@code aws_access_key_id}), the secret in password (or
 * extra {@code aws_secret_access_key}), optional {@code aws_session_token}, {@code region_name},
 * {@code endpoint_url} for S3-compatible stores, and path-style addressing from {@code
 * force_path_style} or {@code service_config.s3.addressing_style = path}. With no keys the SDK's
 * default chain applies (environment, profile, instance role). With extra {@code role_arn} those
 * keys only sign AssumeRole calls and S3 sees the role's temporary credentials ({@link
 * AwsAssumeRole}); closing the client stops them.
 */
final class S3Clients {
  private S3Clients() {}

  static S3Client create(Connection c) {
    Region region = region(c);
    AwsAssumeRole role = AwsAssumeRole.of(c, region.id());
    AwsCredentialsProvider base = credentials(c);
    AssumedRoleCredentials assumed = role == null ? null : role.credentials(base);
    var builder =
        S3Client.builder().credentialsProvider(assumed == null ? base : assumed).region(region);
    String endpoint = c.extraString("endpoint_url");
    if (endpoint != null && !endpoint.isBlank()) {
      builder.endpointOverride(URI.create(endpoint));
    }
    builder.forcePathStyle(pathStyle(c));
    S3Client client = builder.build();
    return assumed == null ? client : new ClosingWith(client, assumed);
  }

  /** Base credentials: the connection's keys, or the SDK's default chain. */
  static AwsCredentialsProvider credentials(Connection c) {
    String key = first(c.login(), c.extraString("aws_access_key_id"));
    String secret = first(c.password(), c.extraString("aws_secret_access_key"));
    if (key == null) {
      return DefaultCredentialsProvider.builder().build();
    }
    if (secret == null) {
      throw new IllegalArgumentException(
          "Connection '"
              + c.connId()
              + "' has an access key id but no secret; set the password or extra"
              + " aws_secret_access_key");
    }
    String token = c.extraString("aws_session_token");
    return StaticCredentialsProvider.create(
        token == null
            ? AwsBasicCredentials.create(key, secret)
            : AwsSessionCredentials.create(key, secret, token));
  }

  /** The S3 client, and the role's credentials, whose STS client the SDK leaves to its owner. */
  private static final class ClosingWith extends DelegatingS3Client {
    private final AssumedRoleCredentials credentials;

    ClosingWith(S3Client client, AssumedRoleCredentials credentials) {
      super(client);
      this.credentials = credentials;
    }

    @Override
    public void close() {
      try {
        super.close();
      } finally {
        credentials.close();
      }
    }
  }

  static Region region(Connection c) {
    String region = first(c.extraString("region_name"), c.extraString("region"));
    return Region.of(region == null ? "us-east-1" : region);
  }

  private static boolean pathStyle(Connection c) {
    if ("true".equalsIgnoreCase(c.extraString("force_path_style"))) {
      return true;
    }
    if (c.extra().get("service_config") instanceof Map<?, ?> config
        && config.get("s3") instanceof Map<?, ?> s3) {
      return "path".equals(s3.get("addressing_style"));
    }
    return false;
  }

  private static String first(String a, String b) {
    return a != null && !a.isBlank() ? a : b != null && !b.isBlank() ? b : null;
  }
}

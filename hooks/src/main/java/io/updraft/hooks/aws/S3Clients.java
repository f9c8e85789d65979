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
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Builds the S3 client of an {@code aws} connection, reading the fields as Airflow's AWS connection
 * does: the access key in login (or extra {@code aws_access_key_id}), the secret in password (or
 * extra {@code aws_secret_access_key}), optional {@code aws_session_token}, {@code region_name},
 * {@code endpoint_url} for S3-compatible stores, and path-style addressing from {@code
 * force_path_style} or {@code service_config.s3.addressing_style = path}. With no keys the SDK's
 * default chain applies (environment, profile, instance role).
 */
final class S3Clients {
  private S3Clients() {}

  static S3Client create(Connection c) {
    var builder = S3Client.builder().credentialsProvider(credentials(c)).region(region(c));
    String endpoint = c.extraString("endpoint_url");
    if (endpoint != null && !endpoint.isBlank()) {
      builder.endpointOverride(URI.create(endpoint));
    }
    builder.forcePathStyle(pathStyle(c));
    return builder.build();
  }

  private static AwsCredentialsProvider credentials(Connection c) {
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

  private static Region region(Connection c) {
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

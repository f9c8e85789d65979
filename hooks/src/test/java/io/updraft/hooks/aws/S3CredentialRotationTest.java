package io.updraft.hooks.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.core.connection.Connection;
import io.updraft.core.hook.ConnectionLookup;
import io.updraft.core.hook.HookScope;
import io.updraft.core.hook.Hooks;
import io.updraft.core.secrets.CredentialsRejectedException;
import io.updraft.hooks.testing.RotatingSecrets;
import io.updraft.hooks.testing.TestConnections;
import io.updraft.testing.S3TestServer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Access keys rotated in the secrets backend while the worker still caches a key that the S3 server
 * (S3Proxy, which checks signatures) no longer accepts.
 */
class S3CredentialRotationTest {
  @TempDir Path dir;
  private final String bucket = "rotation-" + UUID.randomUUID().toString().substring(0, 8);
  private RotatingSecrets secrets;
  private Hooks hooks;
  private HookScope task;

  @BeforeEach
  void open() {
    secrets = new RotatingSecrets(dir);
    hooks = Hooks.load(secrets.lookup(), getClass().getClassLoader());
    task = hooks.scope("task etl.load");
  }

  @AfterEach
  void close() {
    task.close();
    hooks.close();
  }

  private static Connection lake(String accessKey, String secretKey) {
    Connection valid = TestConnections.s3("lake");
    return new Connection(
        "lake", "aws", null, null, accessKey, secretKey, null, null, new HashMap<>(valid.extra()));
  }

  @Test
  void a_deactivated_access_key_is_replaced_by_the_rotated_one_and_the_call_succeeds() {
    secrets.store(lake("old-access-key", "old-secret-key"));
    S3Hook s3 = task.open("lake", S3Hook.class);

    secrets.store(TestConnections.s3("lake"));
    s3.createBucket(bucket);
    s3.putString(bucket, "day=1/data.csv", "a,b\n");

    assertThat(s3.readString(bucket, "day=1/data.csv")).isEqualTo("a,b\n");
    assertThat(secrets.backendReads("lake")).as("opened, then fetched once").isEqualTo(2);
  }

  @Test
  void a_rotated_secret_key_replaces_one_that_no_longer_signs() {
    secrets.store(lake(S3TestServer.ACCESS_KEY, "old-secret-key"));
    S3Hook s3 = task.open("lake", S3Hook.class);

    secrets.store(TestConnections.s3("lake"));

    s3.createBucket(bucket);
    assertThat(s3.listKeys(bucket, "")).isEmpty();
    assertThat(secrets.backendReads("lake")).isEqualTo(2);
  }

  @Test
  void head_requests_of_key_sensors_also_pick_up_the_rotated_key() {
    try (Hooks other =
            Hooks.load(
                ConnectionLookup.of(Map.of("lake", TestConnections.s3("lake"))),
                getClass().getClassLoader());
        S3Hook setup = other.open("lake", S3Hook.class)) {
      setup.createBucket(bucket);
      setup.putString(bucket, "ready", "1");
    }
    secrets.store(lake(S3TestServer.ACCESS_KEY, "old-secret-key"));
    S3Hook s3 = task.open("lake", S3Hook.class);

    secrets.store(TestConnections.s3("lake"));

    assertThat(s3.exists(bucket, "ready")).isTrue();
    assertThat(s3.bucketExists(bucket)).isTrue();
    assertThat(secrets.backendReads("lake")).isEqualTo(2);
  }

  @Test
  void a_backend_still_holding_the_old_key_fails_naming_the_connection_and_the_error_code() {
    secrets.store(lake("old-access-key", "old-secret-key"));
    S3Hook s3 = task.open("lake", S3Hook.class);

    assertThatThrownBy(() -> s3.createBucket(bucket))
        .isInstanceOf(CredentialsRejectedException.class)
        .hasMessageContaining("S3 rejected the credentials of connection 'lake' (403")
        .hasMessageContaining("InvalidAccessKeyId")
        .hasMessageContaining("credentials are unchanged")
        .hasMessageNotContaining("old-secret-key")
        .hasCauseInstanceOf(CredentialsRejectedException.class)
        .rootCause()
        .isInstanceOf(S3Exception.class);
    assertThat(secrets.backendReads("lake")).isEqualTo(2);
  }

  @Test
  void expired_session_tokens_are_rejected_credentials_and_access_denied_is_not() {
    S3Exception expired =
        (S3Exception)
            S3Exception.builder()
                .statusCode(400)
                .awsErrorDetails(
                    AwsErrorDetails.builder()
                        .errorCode("ExpiredToken")
                        .errorMessage("The provided token has expired.")
                        .build())
                .build();
    S3Exception denied =
        (S3Exception)
            S3Exception.builder()
                .statusCode(403)
                .awsErrorDetails(
                    AwsErrorDetails.builder()
                        .errorCode("AccessDenied")
                        .errorMessage("Access Denied")
                        .build())
                .build();
    S3Exception headWithoutBody = (S3Exception) S3Exception.builder().statusCode(403).build();

    assertThat(AwsRejections.signal(expired, "S3", "lake"))
        .isInstanceOf(CredentialsRejectedException.class)
        .hasMessage(
            "S3 rejected the credentials of connection 'lake' (400 ExpiredToken: The provided"
                + " token has expired.)")
        .hasCause(expired);
    assertThat(AwsRejections.signal(denied, "S3", "lake")).isSameAs(denied);
    assertThat(AwsRejections.signal(headWithoutBody, "S3", "lake")).isSameAs(headWithoutBody);
  }

  @Test
  void every_credential_error_code_signals_a_rejection() {
    for (String code : AwsRejections.CREDENTIAL_ERRORS) {
      S3Exception e =
          (S3Exception)
              S3Exception.builder()
                  .statusCode(403)
                  .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build())
                  .build();
      assertThat(AwsRejections.rejectsCredentials(e)).as(code).isTrue();
    }
  }
}

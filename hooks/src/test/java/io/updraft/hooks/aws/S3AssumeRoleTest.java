package io.updraft.hooks.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.updraft.core.connection.Connection;
import io.updraft.core.hook.ConnectionLookup;
import io.updraft.core.hook.HookScope;
import io.updraft.core.hook.Hooks;
import io.updraft.core.run.TryLogId;
import io.updraft.core.secrets.CredentialsRejectedException;
import io.updraft.hooks.testing.RotatingSecrets;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * An {@code aws} connection with {@code role_arn}: its own keys are ones S3Proxy refuses, STS
 * (WireMock) hands out S3Proxy's identity as the role's temporary credentials, so a put and a get
 * that succeed went through the assumed role. This S3Proxy lets the session token header through
 * (it has no STS of its own, and by default answers 501 to headers it does not implement).
 */
class S3AssumeRoleTest {
  private static final WireMockServer STS = new WireMockServer(options().dynamicPort());
  private static final String ROLE_KEY = "ASIAROLEEXAMPLE";
  private static final String ROLE_SECRET = "role-temporary-secret";
  private static S3Proxy s3proxy;
  private static final String BASE_KEY = "AKIDBASEEXAMPLE";
  private static final String BASE_SECRET = "base-secret-S3Proxy-refuses";
  private static final String EXTERNAL_ID = "ext-7f3a9c";

  private final String bucket = "role-" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  static void start() throws Exception {
    STS.start();
    s3proxy =
        S3Proxy.builder()
            .blobStore(BlobStores.create("transient-nio2", new Properties()))
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V4, ROLE_KEY, ROLE_SECRET)
            .ignoreUnknownHeaders(true)
            .build();
    s3proxy.start();
  }

  @AfterAll
  static void stop() throws Exception {
    STS.stop();
    s3proxy.stop();
  }

  @BeforeEach
  void reset() {
    STS.resetAll();
  }

  private static Connection lake(String accessKey, String secretKey, Map<String, Object> role) {
    Map<String, Object> extra = new HashMap<>();
    extra.put("endpoint_url", "http://127.0.0.1:" + s3proxy.getPort());
    extra.put("force_path_style", "true");
    extra.put("region_name", "eu-west-1");
    extra.putAll(role);
    return new Connection("lake", "aws", null, null, accessKey, secretKey, null, null, extra);
  }

  private static Map<String, Object> role() {
    return Map.of(
        "role_arn",
        StsStubs.ROLE_ARN,
        "assume_role_kwargs",
        Map.of("ExternalId", EXTERNAL_ID, "DurationSeconds", 1800),
        "service_config",
        Map.of("sts", Map.of("endpoint_url", STS.baseUrl())));
  }

  private static Hooks hooks(Connection c) {
    return Hooks.load(
        ConnectionLookup.of(Map.of(c.connId(), c)), S3AssumeRoleTest.class.getClassLoader());
  }

  @Test
  void s3_sees_the_role_s_credentials_and_the_base_keys_only_sign_assume_role() {
    StsStubs.grants(STS, BASE_KEY, ROLE_KEY, ROLE_SECRET, StsStubs.inOneHour());

    try (Hooks hooks = hooks(lake(BASE_KEY, BASE_SECRET, role()));
        S3Hook s3 = hooks.open("lake", S3Hook.class)) {
      s3.createBucket(bucket);
      s3.putString(bucket, "day=1/data.csv", "a,b\n");

      assertThat(s3.readString(bucket, "day=1/data.csv")).isEqualTo("a,b\n");
    }

    STS.verify(
        1,
        StsStubs.assumeRoleRequests()
            .withFormParam("Version", equalTo("2011-06-15"))
            .withFormParam("RoleArn", equalTo(StsStubs.ROLE_ARN))
            .withFormParam("RoleSessionName", equalTo("updraft-lake"))
            .withFormParam("ExternalId", equalTo(EXTERNAL_ID))
            .withFormParam("DurationSeconds", equalTo("1800"))
            .withHeader(
                "Authorization",
                matching("AWS4-HMAC-SHA256 Credential=" + BASE_KEY + "/\\d{8}/eu-west-1/sts/.*")));
  }

  @Test
  void without_the_role_s3proxy_refuses_the_base_keys() {
    try (Hooks hooks = hooks(lake(BASE_KEY, BASE_SECRET, Map.of()));
        S3Hook s3 = hooks.open("lake", S3Hook.class)) {
      assertThatThrownBy(() -> s3.createBucket(bucket))
          .isInstanceOf(CredentialsRejectedException.class)
          .hasMessageContaining("InvalidAccessKeyId");
    }
  }

  @Test
  void credentials_close_to_expiry_are_renewed_before_they_expire() {
    // Inside the SDK's 1-minute stale window, not only its 5-minute prefetch window: there the
    // next call waits for a new AssumeRole, where in the prefetch window the renewal runs in the
    // background and may not have happened yet when the assertion looks.
    StsStubs.grants(
        STS,
        BASE_KEY,
        ROLE_KEY,
        ROLE_SECRET,
        Instant.now().plus(30, ChronoUnit.SECONDS).truncatedTo(ChronoUnit.SECONDS));

    try (Hooks hooks = hooks(lake(BASE_KEY, BASE_SECRET, role()));
        S3Hook s3 = hooks.open("lake", S3Hook.class)) {
      s3.createBucket(bucket);
      s3.putString(bucket, "a", "1");
      s3.putString(bucket, "b", "2");
    }

    assertThat(STS.findAll(StsStubs.assumeRoleRequests())).hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void a_refused_assume_role_names_the_connection_and_the_role_and_no_secret() {
    StsStubs.refuses(
        STS,
        403,
        "AccessDenied",
        "User: arn:aws:iam::123456789012:user/etl is not authorized to perform: sts:AssumeRole on"
            + " resource: "
            + StsStubs.ROLE_ARN);

    try (Hooks hooks = hooks(lake(BASE_KEY, BASE_SECRET, role()));
        S3Hook s3 = hooks.open("lake", S3Hook.class)) {
      assertThatThrownBy(() -> s3.putString(bucket, "a", "1"))
          .isInstanceOf(SdkClientException.class)
          .hasMessageContaining(
              "AWS STS refused to let connection 'lake' assume role " + StsStubs.ROLE_ARN)
          .hasMessageContaining("403 AccessDenied: User: arn:aws:iam::123456789012:user/etl")
          .hasMessageContaining("trust policy")
          .hasMessageNotContaining(BASE_SECRET)
          .hasMessageNotContaining(EXTERNAL_ID);
      assertThat(s3.test().ok()).isFalse();
    }
  }

  @Test
  void a_base_key_sts_rejects_is_fetched_again_like_any_rotated_key(@TempDir Path dir) {
    StsStubs.refuses(
        STS, 403, "InvalidClientTokenId", "The security token included in the request is invalid.");
    StsStubs.grants(STS, BASE_KEY, ROLE_KEY, ROLE_SECRET, StsStubs.inOneHour());
    RotatingSecrets secrets = new RotatingSecrets(dir);
    secrets.store(lake("AKIDDEACTIVATED", "old-secret", role()));

    try (Hooks hooks = Hooks.load(secrets.lookup(), getClass().getClassLoader());
        HookScope task = hooks.scope("task etl.load")) {
      S3Hook s3 = task.open("lake", S3Hook.class);
      secrets.store(lake(BASE_KEY, BASE_SECRET, role()));

      s3.createBucket(bucket);

      assertThat(s3.listKeys(bucket, "")).isEmpty();
      assertThat(secrets.backendReads("lake")).as("opened, then fetched once").isEqualTo(2);
    }
    STS.verify(
        1,
        StsStubs.assumeRoleRequests()
            .withHeader("Authorization", containing("Credential=AKIDDEACTIVATED/")));
  }

  @Test
  void a_bad_role_arn_or_duration_is_refused_before_any_call() {
    Map<String, Object> badArn = new HashMap<>(role());
    badArn.put("role_arn", "lake-writer");
    Map<String, Object> badDuration = new HashMap<>(role());
    badDuration.put("assume_role_kwargs", Map.of("DurationSeconds", 60));

    try (Hooks hooks = hooks(lake(BASE_KEY, BASE_SECRET, badArn))) {
      assertThatThrownBy(() -> hooks.open("lake", S3Hook.class))
          .hasMessageContaining("The role_arn of connection 'lake' is not an IAM role ARN")
          .hasMessageContaining("expected arn:aws:iam::<12-digit account>:role/<name>");
    }
    try (Hooks hooks = hooks(lake(BASE_KEY, BASE_SECRET, badDuration))) {
      assertThatThrownBy(() -> hooks.open("lake", S3Hook.class))
          .hasMessageContaining(
              "assume_role_kwargs.DurationSeconds of connection 'lake' must be a number of"
                  + " seconds from 900 to 43200");
    }
    STS.verify(0, StsStubs.assumeRoleRequests());
  }

  @Test
  void remote_task_logs_go_through_the_assumed_role() throws Exception {
    StsStubs.grants(STS, BASE_KEY, ROLE_KEY, ROLE_SECRET, StsStubs.inOneHour());
    try (Hooks hooks = hooks(lake(BASE_KEY, BASE_SECRET, role()))) {
      try (S3Hook s3 = hooks.open("lake", S3Hook.class)) {
        s3.createBucket(bucket);
      }
      S3LogStorage logs = new S3LogStorage(hooks, "lake", "s3://" + bucket + "/logs");
      String location = logs.locationOf(new TryLogId(1L, "etl", "manual__1", "load", -1, 1));

      logs.write(location, List.of("started", "done"));

      assertThat(logs.read(location)).containsExactly("started", "done");
    }
  }
}

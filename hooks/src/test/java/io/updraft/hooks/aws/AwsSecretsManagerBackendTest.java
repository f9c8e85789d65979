package io.updraft.hooks.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.updraft.core.config.SecretsConfig;
import io.updraft.core.connection.Connection;
import io.updraft.core.secrets.SecretsBackend;
import io.updraft.core.secrets.SecretsBackends;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Secrets Manager's JSON protocol (POST / with X-Amz-Target: secretsmanager.GetSecretValue), as the
 * API reference documents it, served by WireMock; the SDK signs real requests to it.
 */
class AwsSecretsManagerBackendTest {
  private static final WireMockServer AWS = new WireMockServer(options().dynamicPort());
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void start() {
    AWS.start();
  }

  @AfterAll
  static void stop() {
    AWS.stop();
  }

  @BeforeEach
  void reset() {
    AWS.resetAll();
    // Any secret without a stub of its own does not exist.
    AWS.stubFor(
        post("/")
            .atPriority(10)
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withHeader("x-amzn-ErrorType", "ResourceNotFoundException")
                    .withBody(
                        "{\"__type\": \"ResourceNotFoundException\", \"message\": \"Secrets"
                            + " Manager can't find the specified secret.\"}")));
  }

  private static void secret(String secretId, String value) throws Exception {
    secret(secretId, value, "AKIDEXAMPLE");
  }

  /** A secret only requests signed with {@code accessKey} may read. */
  private static void secret(String secretId, String value, String accessKey) throws Exception {
    String body =
        JSON.writeValueAsString(
            Map.of(
                "ARN",
                "arn:aws:secretsmanager:eu-west-1:123456789012:secret:" + secretId + "-a1b2c3",
                "Name",
                secretId,
                "SecretString",
                value,
                "VersionId",
                "EXAMPLE1-90ab-cdef-fedc-ba987SECRET1",
                "VersionStages",
                List.of("AWSCURRENT"),
                "CreatedDate",
                1.523477145713E9));
    AWS.stubFor(
        post("/")
            .atPriority(1)
            .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
            .withHeader(
                "Authorization", matching("AWS4-HMAC-SHA256 Credential=" + accessKey + "/.*"))
            .withRequestBody(equalToJson("{\"SecretId\": \"" + secretId + "\"}"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withBody(body)));
  }

  private static SecretsBackend backend(Map<String, String> extra) {
    Map<String, String> section = AwsSecretsBackendFixture.section(AWS, extra);
    SecretsConfig config =
        new SecretsConfig(List.of("aws"), null, null, null, null, null, section, null);
    return new SecretsBackends(config).create(Map.of(), null).getFirst();
  }

  @Test
  void a_uri_secret_under_the_default_prefix_is_a_connection() throws Exception {
    secret("updraft/connections/sales_db", "postgresql://etl:pw%2F1@db:5432/sales");

    Connection c = backend(Map.of()).connection("sales_db").orElseThrow();

    assertThat(c.connType()).isEqualTo("postgres");
    assertThat(c.password()).isEqualTo("pw/1");
  }

  @Test
  void a_json_secret_may_use_the_usual_field_aliases() throws Exception {
    secret(
        "updraft/connections/rds",
        "{\"username\": \"admin\", \"password\": \"pw-2\", \"engine\": \"postgres\", \"host\":"
            + " \"rds.example.com\", \"port\": 5432, \"dbname\": \"x\", \"database\": \"app\","
            + " \"dbInstanceIdentifier\": \"prod\"}");

    Connection c = backend(Map.of()).connection("rds").orElseThrow();

    assertThat(c.login()).isEqualTo("admin");
    assertThat(c.connType()).isEqualTo("postgres");
    assertThat(c.schema()).isEqualTo("app");
    assertThat(c.port()).isEqualTo(5432);
  }

  @Test
  void a_missing_secret_is_not_found() {
    assertThat(backend(Map.of()).connection("nope")).isEmpty();
    assertThat(backend(Map.of()).variable("nope")).isEmpty();
  }

  @Test
  void prefixes_and_the_separator_are_configurable_and_variables_are_read() throws Exception {
    secret("prod.vars.region", "eu-west-1");

    SecretsBackend backend = backend(Map.of("variables_prefix", "prod.vars", "sep", "."));

    assertThat(backend.variable("region")).contains("eu-west-1");
  }

  @Test
  void ids_outside_the_lookup_pattern_are_never_asked_for() {
    SecretsBackend backend = backend(Map.of("connections_lookup_pattern", "^aws_"));

    assertThat(backend.connection("local_db")).isEmpty();

    AWS.verify(0, postRequestedFor(urlEqualTo("/")));
  }

  @Test
  void a_lookup_pattern_matches_from_the_id_s_start_as_airflow_s_re_match() {
    SecretsBackend backend = backend(Map.of("connections_lookup_pattern", "aws_"));

    assertThat(backend.connection("my_aws_db")).isEmpty();

    AWS.verify(0, postRequestedFor(urlEqualTo("/")));
  }

  @Test
  void with_a_role_secrets_are_read_with_the_role_s_temporary_credentials() throws Exception {
    StsStubs.grants(AWS, "AKIDEXAMPLE", "ASIATEMPEXAMPLE", "temp-secret", StsStubs.inOneHour());
    secret("updraft/connections/sales_db", "postgresql://etl:pw@db:5432/sales", "ASIATEMPEXAMPLE");

    SecretsBackend backend =
        backend(
            Map.of(
                "role_arn",
                StsStubs.ROLE_ARN,
                "external_id",
                "ext-42",
                "assume_role_duration_seconds",
                "3600",
                "sts_endpoint",
                AWS.baseUrl()));

    assertThat(backend.connection("sales_db").orElseThrow().host()).isEqualTo("db");
    assertThat(backend.connection("sales_db")).isPresent();
    AwsSecretsBackendFixture.verifyAssumedRole(AWS, "updraft-secrets-aws", "3600");
    AWS.verify(
        2,
        postRequestedFor(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
            .withHeader("X-Amz-Security-Token", equalTo(StsStubs.SESSION_TOKEN)));
  }

  @Test
  void a_refused_assume_role_names_the_backend_and_the_role_and_no_secret() {
    StsStubs.refuses(
        AWS,
        403,
        "AccessDenied",
        "User: arn:aws:iam::123456789012:user/updraft is not authorized to perform:"
            + " sts:AssumeRole on resource: "
            + StsStubs.ROLE_ARN);
    SecretsBackend backend =
        backend(Map.of("role_arn", StsStubs.ROLE_ARN, "sts_endpoint", AWS.baseUrl()));

    assertThatThrownBy(() -> backend.connection("sales_db"))
        .hasMessageContaining(
            "AWS STS refused to let secrets.aws assume role " + StsStubs.ROLE_ARN + " (403")
        .hasMessageNotContaining("wJalrXUtnFEMI");
  }

  @Test
  void a_role_arn_that_is_not_one_is_refused_at_start_up() {
    assertThatThrownBy(() -> backend(Map.of("role_arn", "updraft-reader")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("The role_arn of secrets.aws is not an IAM role ARN");
  }

  @Test
  void an_id_cannot_become_the_arn_or_name_of_a_secret_outside_the_prefix() throws Exception {
    secret("arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf", "postgres://x");
    secret("prod/db", "postgres://admin:root@prod/all");
    SecretsBackend backend = backend(Map.of());

    AwsSecretsBackendFixture.assertRefused(
        backend,
        List.of(
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf",
            "../../prod/db",
            "/prod/db",
            "db%2F..%2F..%2Fprod",
            "db name",
            "db?x"));
    assertThatThrownBy(() -> backend.connection("arn:aws:secretsmanager:x"))
        .hasMessage(
            "Connection id 'arn:aws:secretsmanager:x' cannot be looked up in Secrets Manager:"
                + " secret name 'updraft/connections/<id>' must be up to 512 letters, digits or"
                + " '/_+=.@-' and not an ARN. Keep such ids in another backend or rename them.");
    AWS.verify(0, postRequestedFor(urlEqualTo("/")));

    secret("updraft/connections/team/my.db", "postgres://u:p@team-db:5432/t");
    assertThat(backend.connection("team/my.db").orElseThrow().host()).isEqualTo("team-db");
  }
}

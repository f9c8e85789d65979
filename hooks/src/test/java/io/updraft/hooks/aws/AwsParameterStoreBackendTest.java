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
 * Parameter Store's JSON 1.1 protocol (POST / with X-Amz-Target: AmazonSSM.GetParameter), as the
 * API reference documents it, served by WireMock; the SDK signs real requests to it.
 */
class AwsParameterStoreBackendTest {
  private static final WireMockServer AWS = new WireMockServer(options().dynamicPort());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET_KEY = AwsSecretsBackendFixture.SECRET_KEY;

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
    // Any parameter without a stub of its own does not exist.
    AWS.stubFor(
        post("/")
            .atPriority(10)
            .withHeader("X-Amz-Target", equalTo("AmazonSSM.GetParameter"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withBody("{\"__type\": \"ParameterNotFound\", \"message\": \"\"}")));
  }

  /** A SecureString parameter, returned decrypted to requests signed with {@code accessKey}. */
  private static void parameter(String name, String value, String accessKey) throws Exception {
    String body =
        JSON.writeValueAsString(
            Map.of(
                "Parameter",
                Map.of(
                    "ARN",
                    "arn:aws:ssm:eu-west-1:123456789012:parameter" + name,
                    "DataType",
                    "text",
                    "LastModifiedDate",
                    1.7645e9,
                    "Name",
                    name,
                    "Type",
                    "SecureString",
                    "Value",
                    value,
                    "Version",
                    3)));
    AWS.stubFor(
        post("/")
            .atPriority(1)
            .withHeader("X-Amz-Target", equalTo("AmazonSSM.GetParameter"))
            .withHeader(
                "Authorization", matching("AWS4-HMAC-SHA256 Credential=" + accessKey + "/.*"))
            .withRequestBody(equalToJson("{\"Name\": \"" + name + "\", \"WithDecryption\": true}"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withBody(body)));
  }

  private static void parameter(String name, String value) throws Exception {
    parameter(name, value, "AKIDEXAMPLE");
  }

  private static SecretsBackend backend(Map<String, String> extra) {
    Map<String, String> section = AwsSecretsBackendFixture.section(AWS, extra);
    SecretsConfig config =
        new SecretsConfig(null, null, null, null, null, null, null, null, section);
    assertThat(new SecretsBackends(config).order())
        .as("configured, so in the default order")
        .containsExactly("ssm", "env", "metastore");
    return new SecretsBackends(config.withOrder(List.of("ssm"))).create(Map.of(), null).getFirst();
  }

  @Test
  void a_uri_parameter_under_the_default_prefix_is_a_connection() throws Exception {
    parameter("/updraft/connections/sales_db", "postgresql://etl:pw%2F1@db:5432/sales");

    Connection c = backend(Map.of()).connection("sales_db").orElseThrow();

    assertThat(c.connType()).isEqualTo("postgres");
    assertThat(c.host()).isEqualTo("db");
    assertThat(c.password()).isEqualTo("pw/1");
  }

  @Test
  void a_json_parameter_may_use_the_usual_field_aliases() throws Exception {
    parameter(
        "/updraft/connections/rds",
        "{\"username\": \"admin\", \"password\": \"pw-2\", \"engine\": \"postgres\", \"host\":"
            + " \"rds.example.com\", \"port\": 5432, \"database\": \"app\"}");

    Connection c = backend(Map.of()).connection("rds").orElseThrow();

    assertThat(c.login()).isEqualTo("admin");
    assertThat(c.connType()).isEqualTo("postgres");
    assertThat(c.schema()).isEqualTo("app");
  }

  @Test
  void variables_are_read_and_prefixes_are_configurable() throws Exception {
    parameter("/prod/vars/region", "eu-west-1");

    SecretsBackend backend = backend(Map.of("variables_prefix", "/prod/vars"));

    assertThat(backend.variable("region")).contains("eu-west-1");
  }

  @Test
  void a_missing_parameter_is_not_here_so_the_chain_asks_the_next_backend() {
    SecretsBackend backend = backend(Map.of());

    assertThat(backend.connection("nope")).isEmpty();
    assertThat(backend.variable("nope")).isEmpty();
  }

  @Test
  void an_empty_prefix_turns_that_kind_off_and_a_lookup_pattern_skips_other_ids() {
    SecretsBackend noVariables =
        backend(Map.of("variables_prefix", "", "connections_lookup_pattern", "^aws_"));

    assertThat(noVariables.variable("region")).isEmpty();
    assertThat(noVariables.connection("local_db")).isEmpty();

    AWS.verify(0, postRequestedFor(urlEqualTo("/")));
  }

  @Test
  void other_errors_name_the_parameter_and_what_to_grant() {
    AWS.stubFor(
        post("/")
            .atPriority(1)
            .withHeader("X-Amz-Target", equalTo("AmazonSSM.GetParameter"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withBody(
                        "{\"__type\": \"AccessDeniedException\", \"Message\": \"User:"
                            + " arn:aws:iam::123456789012:user/updraft is not authorized to"
                            + " perform: ssm:GetParameter on resource:"
                            + " arn:aws:ssm:eu-west-1:123456789012:parameter/updraft/connections/db"
                            + " because no identity-based policy allows the ssm:GetParameter"
                            + " action\"}")));

    assertThatThrownBy(() -> backend(Map.of()).connection("db"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(
            "SSM Parameter Store did not return parameter /updraft/connections/db to secrets.ssm"
                + " (400 AccessDeniedException: User: arn:aws:iam::123456789012:user/updraft is"
                + " not authorized")
        .hasMessageContaining("Grant ssm:GetParameter")
        .hasMessageNotContaining(SECRET_KEY);
  }

  @Test
  void with_a_role_parameters_are_read_with_the_role_s_temporary_credentials() throws Exception {
    StsStubs.grants(AWS, "AKIDEXAMPLE", "ASIATEMPEXAMPLE", "temp-secret", StsStubs.inOneHour());
    parameter("/updraft/variables/region", "eu-west-1", "ASIATEMPEXAMPLE");

    SecretsBackend backend =
        backend(
            Map.of(
                "role_arn",
                StsStubs.ROLE_ARN,
                "external_id",
                "ext-42",
                "assume_role_duration_seconds",
                "900",
                "sts_endpoint",
                AWS.baseUrl()));

    assertThat(backend.variable("region")).contains("eu-west-1");
    AwsSecretsBackendFixture.verifyAssumedRole(AWS, "updraft-secrets-ssm", "900");
    AWS.verify(
        postRequestedFor(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("AmazonSSM.GetParameter"))
            .withHeader("X-Amz-Security-Token", equalTo(StsStubs.SESSION_TOKEN)));
  }

  @Test
  void a_refused_assume_role_names_the_backend_and_the_role_and_no_secret() {
    StsStubs.refuses(
        AWS, 403, "InvalidClientTokenId", "The security token included in the request is invalid.");
    SecretsBackend backend =
        backend(Map.of("role_arn", StsStubs.ROLE_ARN, "sts_endpoint", AWS.baseUrl()));

    assertThatThrownBy(() -> backend.variable("region"))
        .hasMessageContaining(
            "AWS STS rejected the base credentials of secrets.ssm when assuming role "
                + StsStubs.ROLE_ARN
                + " (403 InvalidClientTokenId")
        .hasMessageNotContaining(SECRET_KEY);
  }

  @Test
  void unknown_settings_and_a_bad_duration_are_refused_at_start_up() {
    assertThatThrownBy(() -> backend(Map.of("sep", ".")))
        .hasMessageContaining("Unknown setting(s) [sep] in secrets.ssm");
    assertThatThrownBy(
            () ->
                backend(
                    Map.of(
                        "role_arn", StsStubs.ROLE_ARN, "assume_role_duration_seconds", "one hour")))
        .hasMessageContaining(
            "assume_role_duration_seconds of secrets.ssm must be a number of seconds from 900 to"
                + " 43200");
    AWS.verify(0, postRequestedFor(urlEqualTo("/")));
  }

  @Test
  void an_id_cannot_become_an_arn_or_a_parameter_outside_the_prefix() throws Exception {
    parameter("/prod/db_password", "root-pw");
    SecretsBackend backend = backend(Map.of());

    AwsSecretsBackendFixture.assertRefused(
        backend,
        List.of(
            "../../prod/db_password",
            "/prod/db_password",
            "team/../../../prod/db_password",
            "arn:aws:ssm:eu-west-1:123456789012:parameter/prod/db_password",
            "db%2F..",
            "db#x"));
    assertThatThrownBy(() -> backend.variable("arn:aws:ssm:x"))
        .hasMessage(
            "Variable key 'arn:aws:ssm:x' cannot be looked up in SSM Parameter Store: parameter"
                + " '/updraft/variables/<id>' must be up to 1011 letters, digits or '_.-/'. Keep"
                + " such ids in another backend or rename them.");
    AWS.verify(0, postRequestedFor(urlEqualTo("/")));

    parameter("/updraft/connections/team/my.db", "postgres://u:p@team-db:5432/t");
    assertThat(backend.connection("team/my.db").orElseThrow().host()).isEqualTo("team-db");
  }
}

package io.updraft.hooks.vault;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.updraft.core.config.SecretsConfig;
import io.updraft.core.connection.Connection;
import io.updraft.core.secrets.SecretsBackend;
import io.updraft.core.secrets.SecretsBackends;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Vault's KV HTTP API as documented, served by WireMock. */
class VaultSecretsBackendTest {
  private static final WireMockServer vault = new WireMockServer(options().dynamicPort());

  @BeforeAll
  static void start() {
    vault.start();
  }

  @AfterAll
  static void stop() {
    vault.stop();
  }

  @BeforeEach
  void reset() {
    vault.resetAll();
  }

  private static SecretsBackend backend(Map<String, String> extra) {
    Map<String, String> section = new HashMap<>(Map.of("url", vault.baseUrl()));
    section.putAll(extra);
    SecretsConfig config =
        new SecretsConfig(List.of("vault"), null, null, null, null, section, null, null);
    return new SecretsBackends(config).create(Map.of(), null).getFirst();
  }

  /** A KV version 2 read response, as in Vault's API documentation. */
  private static String kv2(String data) {
    return "{\"request_id\": \"5f2a1c3e\", \"lease_id\": \"\", \"renewable\": false,"
        + " \"lease_duration\": 0, \"data\": {\"data\": "
        + data
        + ", \"metadata\": {\"created_time\": \"2026-03-22T02:24:06.945319214Z\","
        + " \"custom_metadata\": null, \"deletion_time\": \"\", \"destroyed\": false,"
        + " \"version\": 2}}, \"wrap_info\": null, \"warnings\": null, \"auth\": null}";
  }

  @Test
  void a_kv2_secret_with_connection_fields_is_a_connection() {
    vault.stubFor(
        get("/v1/secret/data/connections/sales_db")
            .withHeader("X-Vault-Token", equalTo("s.root"))
            .willReturn(
                okJson(
                    kv2(
                        "{\"conn_type\": \"postgres\", \"host\": \"db\", \"login\": \"etl\","
                            + " \"password\": \"pw-1\", \"port\": \"5432\", \"extra\":"
                            + " {\"sslmode\": \"require\"}}"))));

    Connection c = backend(Map.of("token", "s.root")).connection("sales_db").orElseThrow();

    assertThat(c.connType()).isEqualTo("postgres");
    assertThat(c.password()).isEqualTo("pw-1");
    assertThat(c.port()).isEqualTo(5432);
    assertThat(c.extra()).containsEntry("sslmode", "require");
  }

  @Test
  void a_secret_with_a_conn_uri_key_is_read_as_a_uri() {
    vault.stubFor(
        get("/v1/secret/data/connections/api")
            .willReturn(okJson(kv2("{\"conn_uri\": \"https://user:pw@api.example.com:443\"}"))));

    Connection c = backend(Map.of("token", "s.root")).connection("api").orElseThrow();

    assertThat(c.connType()).isEqualTo("https");
    assertThat(c.host()).isEqualTo("api.example.com");
  }

  @Test
  void a_missing_secret_is_not_found() {
    vault.stubFor(
        get("/v1/secret/data/connections/nope")
            .willReturn(aResponse().withStatus(404).withBody("{\"errors\": []}")));

    assertThat(backend(Map.of("token", "s.root")).connection("nope")).isEmpty();
  }

  @Test
  void kv1_mounts_and_paths_are_configurable() {
    vault.stubFor(
        get("/v1/kv/updraft/conns/db")
            .willReturn(
                okJson(
                    "{\"data\": {\"conn_uri\": \"mysql://h/app\"}, \"lease_duration\": 2764800}")));
    vault.stubFor(
        get("/v1/kv/updraft/vars/region")
            .willReturn(okJson("{\"data\": {\"value\": \"eu-west-1\"}}")));

    SecretsBackend backend =
        backend(
            Map.of(
                "token", "s.root",
                "mount_point", "kv",
                "kv_engine_version", "1",
                "connections_path", "updraft/conns",
                "variables_path", "updraft/vars"));

    assertThat(backend.connection("db").orElseThrow().schema()).isEqualTo("app");
    assertThat(backend.variable("region")).contains("eu-west-1");
  }

  @Test
  void approle_logs_in_and_logs_in_again_when_the_token_is_rejected() {
    vault.stubFor(
        post("/v1/auth/approle/login")
            .inScenario("tokens")
            .whenScenarioStateIs(Scenario.STARTED)
            .withRequestBody(equalToJson("{\"role_id\": \"role-1\", \"secret_id\": \"sec-1\"}"))
            .willReturn(
                okJson("{\"auth\": {\"client_token\": \"s.first\", \"lease_duration\": 60}}"))
            .willSetStateTo("second"));
    vault.stubFor(
        post("/v1/auth/approle/login")
            .inScenario("tokens")
            .whenScenarioStateIs("second")
            .willReturn(okJson("{\"auth\": {\"client_token\": \"s.second\"}}")));
    vault.stubFor(
        get("/v1/secret/data/variables/region")
            .withHeader("X-Vault-Token", equalTo("s.first"))
            .willReturn(
                aResponse().withStatus(403).withBody("{\"errors\": [\"permission denied\"]}")));
    vault.stubFor(
        get("/v1/secret/data/variables/region")
            .withHeader("X-Vault-Token", equalTo("s.second"))
            .willReturn(okJson(kv2("{\"value\": \"eu-west-1\"}"))));

    SecretsBackend backend = backend(Map.of("role_id", "role-1", "secret_id", "sec-1"));

    assertThat(backend.variable("region")).contains("eu-west-1");
    vault.verify(2, postRequestedFor(urlPathEqualTo("/v1/auth/approle/login")));
  }

  @Test
  void a_denied_read_is_an_error_that_says_so() {
    vault.stubFor(
        get("/v1/secret/data/connections/db")
            .willReturn(
                aResponse().withStatus(403).withBody("{\"errors\": [\"permission denied\"]}")));

    assertThatThrownBy(() -> backend(Map.of("token", "s.bad")).connection("db"))
        .hasMessageContaining("Vault answered 403 for /v1/secret/data/connections/db")
        .hasMessageContaining("permission denied");
  }

  @Test
  void an_id_cannot_climb_out_of_the_configured_path() {
    // Vault's token lookup answers with the token itself in data.id: it must never be read as a
    // connection or variable, whatever id a template or a run's conf asks for.
    vault.stubFor(
        get(urlPathEqualTo("/v1/auth/token/lookup-self"))
            .willReturn(okJson("{\"data\": {\"id\": \"s.root\", \"policies\": [\"root\"]}}")));
    SecretsBackend backend = backend(Map.of("token", "s.root", "kv_engine_version", "1"));

    for (String id : List.of("../../auth/token/lookup-self", "..", "a/../../x", "./x")) {
      assertThatThrownBy(() -> backend.connection(id))
          .hasMessageContaining("'" + id + "'")
          .hasMessageContaining("'.' and '..' are not allowed");
      assertThatThrownBy(() -> backend.variable(id)).hasMessageContaining("'" + id + "'");
    }
    vault.verify(0, getRequestedFor(urlPathEqualTo("/v1/auth/token/lookup-self")));
  }

  @Test
  void configuration_errors_name_the_setting() {
    assertThatThrownBy(() -> backend(Map.of()))
        .hasMessageContaining("secrets.vault.token, or secrets.vault.role_id");
    assertThatThrownBy(() -> backend(Map.of("token", "t", "mount", "kv")))
        .hasMessageContaining("Unknown setting(s) [mount] in secrets.vault");
  }

  @Test
  void a_configured_vault_comes_first_in_the_default_order() {
    SecretsConfig config =
        new SecretsConfig(
            null, null, null, null, null, Map.of("url", "http://v", "token", "t"), null, null);

    assertThat(new SecretsBackends(config).order()).containsExactly("vault", "env", "metastore");
  }
}

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
import io.updraft.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kubernetes, JWT and AppRole logins against Vault's documented auth API, served by WireMock: one
 * login path, tokens read from files at every login, leases, and a refused token.
 */
class VaultLoginTest {
  private static final WireMockServer vault = new WireMockServer(options().dynamicPort());
  private static final String SA_TOKEN_1 = "eyJhbGciOiJSUzI1NiJ9.sa-first.sig";
  private static final String SA_TOKEN_2 = "eyJhbGciOiJSUzI1NiJ9.sa-rotated.sig";

  @TempDir Path dir;
  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T00:00:00Z"));

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

  private VaultSecretsBackend backend(Map<String, String> extra) {
    Map<String, String> section = new HashMap<>(Map.of("url", vault.baseUrl()));
    section.putAll(extra);
    return new VaultSecretsBackend(new OkHttpClient(), VaultSettings.from(section), clock);
  }

  private Path tokenFile(String content) throws Exception {
    return Files.writeString(dir.resolve("token"), content + "\n");
  }

  /** A login response as in Vault's Kubernetes auth documentation. */
  private static String login(String clientToken, long leaseSeconds, boolean renewable) {
    return "{\"request_id\": \"\", \"lease_id\": \"\", \"renewable\": false, \"lease_duration\": 0,"
        + " \"data\": null, \"auth\": {\"client_token\": \""
        + clientToken
        + "\", \"accessor\": \"afa306d0-be3d-c8d2-b0d7-2676e1c0d9b4\", \"policies\":"
        + " [\"default\", \"updraft\"], \"metadata\": {\"role\": \"updraft\","
        + " \"service_account_name\": \"updraft-worker\"}, \"lease_duration\": "
        + leaseSeconds
        + ", \"renewable\": "
        + renewable
        + "}}";
  }

  private static void variableFor(String clientToken, String value) {
    vault.stubFor(
        get("/v1/secret/data/variables/region")
            .withHeader("X-Vault-Token", equalTo(clientToken))
            .willReturn(okJson("{\"data\": {\"data\": {\"value\": \"" + value + "\"}}}")));
  }

  private static void denied(String clientToken) {
    vault.stubFor(
        get("/v1/secret/data/variables/region")
            .withHeader("X-Vault-Token", equalTo(clientToken))
            .willReturn(
                aResponse().withStatus(403).withBody("{\"errors\": [\"permission denied\"]}")));
  }

  private static void kubernetesLogin(String saToken, String clientToken, long lease) {
    vault.stubFor(
        post("/v1/auth/kubernetes/login")
            .withRequestBody(equalToJson("{\"role\": \"updraft\", \"jwt\": \"" + saToken + "\"}"))
            .willReturn(okJson(login(clientToken, lease, false))));
  }

  @Test
  void kubernetes_logs_in_with_the_service_account_token_from_its_file() throws Exception {
    Path file = tokenFile(SA_TOKEN_1);
    kubernetesLogin(SA_TOKEN_1, "s.k8s", 3600);
    variableFor("s.k8s", "eu-west-1");

    VaultSecretsBackend backend =
        backend(
            Map.of(
                "auth_type", "kubernetes",
                "kubernetes_role", "updraft",
                "kubernetes_jwt_path", file.toString()));

    assertThat(backend.variable("region")).contains("eu-west-1");
    assertThat(backend.variable("region")).contains("eu-west-1");
    vault.verify(1, postRequestedFor(urlPathEqualTo("/v1/auth/kubernetes/login")));
  }

  @Test
  void a_rotated_service_account_token_is_read_at_the_next_login() throws Exception {
    Path file = tokenFile(SA_TOKEN_1);
    kubernetesLogin(SA_TOKEN_1, "s.first", 3600);
    kubernetesLogin(SA_TOKEN_2, "s.second", 3600);
    variableFor("s.first", "eu-west-1");
    variableFor("s.second", "eu-west-2");
    VaultSecretsBackend backend =
        backend(
            Map.of(
                "auth_type", "kubernetes",
                "kubernetes_role", "updraft",
                "kubernetes_jwt_path", file.toString()));
    assertThat(backend.variable("region")).contains("eu-west-1");

    tokenFile(SA_TOKEN_2); // the kubelet rotates the projected token
    clock.advance(Duration.ofMinutes(46)); // past three quarters of the hour's lease

    assertThat(backend.variable("region")).contains("eu-west-2");
    vault.verify(
        postRequestedFor(urlPathEqualTo("/v1/auth/kubernetes/login"))
            .withRequestBody(
                equalToJson("{\"role\": \"updraft\", \"jwt\": \"" + SA_TOKEN_2 + "\"}")));
  }

  @Test
  void jwt_logs_in_at_its_own_mount_with_the_jwt_from_its_file() throws Exception {
    Path file = tokenFile("eyJhbGciOiJFUzI1NiJ9.ci-job.sig");
    vault.stubFor(
        post("/v1/auth/jwt/login")
            .withRequestBody(
                equalToJson("{\"role\": \"etl\", \"jwt\": \"eyJhbGciOiJFUzI1NiJ9.ci-job.sig\"}"))
            .willReturn(okJson(login("s.jwt", 900, false))));
    variableFor("s.jwt", "us-east-1");

    VaultSecretsBackend backend =
        backend(Map.of("auth_type", "jwt", "jwt_role", "etl", "jwt_path", file.toString()));

    assertThat(backend.variable("region")).contains("us-east-1");
  }

  @Test
  void auth_mount_moves_the_login_of_every_method() throws Exception {
    Path file = tokenFile(SA_TOKEN_1);
    vault.stubFor(
        post("/v1/auth/k8s/prod-cluster/login").willReturn(okJson(login("s.mounted", 0, false))));
    variableFor("s.mounted", "eu-west-1");

    VaultSecretsBackend backend =
        backend(
            Map.of(
                "auth_type", "kubernetes",
                "kubernetes_role", "updraft",
                "kubernetes_jwt_path", file.toString(),
                "auth_mount", "k8s/prod-cluster"));

    assertThat(backend.variable("region")).contains("eu-west-1");
  }

  @Test
  void a_refused_token_means_one_new_login_then_the_answer_stands() throws Exception {
    Path file = tokenFile(SA_TOKEN_1);
    kubernetesLogin(SA_TOKEN_1, "s.revoked", 3600);
    denied("s.revoked");
    VaultSecretsBackend backend =
        backend(
            Map.of(
                "auth_type", "kubernetes",
                "kubernetes_role", "updraft",
                "kubernetes_jwt_path", file.toString()));

    assertThatThrownBy(() -> backend.variable("region"))
        .hasMessageContaining("Vault answered 403 for /v1/secret/data/variables/region")
        .hasMessageNotContaining("s.revoked");
    vault.verify(2, postRequestedFor(urlPathEqualTo("/v1/auth/kubernetes/login")));

    tokenFile(SA_TOKEN_2);
    kubernetesLogin(SA_TOKEN_2, "s.fresh", 3600);
    variableFor("s.fresh", "eu-west-3");

    assertThat(backend.variable("region")).contains("eu-west-3");
  }

  @Test
  void a_refused_login_names_the_method_and_never_the_jwt() throws Exception {
    String jwt = "eyJhbGciOiJSUzI1NiJ9.expired.sig";
    Path file = tokenFile(jwt);
    vault.stubFor(
        post("/v1/auth/jwt/login")
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody(
                        "{\"errors\": [\"error validating token: token "
                            + jwt
                            + " is expired\"]}")));

    VaultSecretsBackend backend =
        backend(Map.of("auth_type", "jwt", "jwt_role", "etl", "jwt_path", file.toString()));

    assertThatThrownBy(() -> backend.variable("region"))
        .hasMessageContaining("Vault JWT login at /v1/auth/jwt/login failed with 400")
        .hasMessageContaining("error validating token: token *** is expired")
        .hasMessageNotContaining(jwt);
  }

  @Test
  void a_missing_token_file_names_the_setting_the_path_and_the_method() {
    Path missing = dir.resolve("no-such-token");
    VaultSecretsBackend backend =
        backend(
            Map.of(
                "auth_type", "kubernetes",
                "kubernetes_role", "updraft",
                "kubernetes_jwt_path", missing.toString()));

    assertThatThrownBy(() -> backend.variable("region"))
        .hasMessageContaining("Vault Kubernetes login: the token file " + missing)
        .hasMessageContaining("(secrets.vault.kubernetes_jwt_path) does not exist");
    vault.verify(0, postRequestedFor(urlPathEqualTo("/v1/auth/kubernetes/login")));
  }

  @Test
  void an_unreadable_or_empty_token_file_is_an_error_naming_it() throws Exception {
    Path directory = Files.createDirectory(dir.resolve("a-directory"));
    assertThatThrownBy(
            () ->
                backend(
                        Map.of(
                            "auth_type",
                            "jwt",
                            "jwt_role",
                            "etl",
                            "jwt_path",
                            directory.toString()))
                    .variable("region"))
        .hasMessageContaining("Vault JWT login: the token file " + directory)
        .hasMessageContaining("(secrets.vault.jwt_path) cannot be read");

    Path empty = tokenFile("");
    assertThatThrownBy(
            () ->
                backend(Map.of("auth_type", "jwt", "jwt_role", "etl", "jwt_path", empty.toString()))
                    .variable("region"))
        .hasMessageContaining("(secrets.vault.jwt_path) is empty");
  }

  @Test
  void approle_logs_in_again_before_its_lease_ends() {
    vault.stubFor(
        post("/v1/auth/approle/login")
            .inScenario("leases")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(okJson(login("s.one", 600, false)))
            .willSetStateTo("second"));
    vault.stubFor(
        post("/v1/auth/approle/login")
            .inScenario("leases")
            .whenScenarioStateIs("second")
            .willReturn(okJson(login("s.two", 600, false))));
    variableFor("s.one", "a");
    variableFor("s.two", "b");
    VaultSecretsBackend backend = backend(Map.of("role_id", "role-1", "secret_id", "sec-1"));

    assertThat(backend.variable("region")).contains("a");
    clock.advance(Duration.ofMinutes(7)); // within the first three quarters of 10 minutes
    assertThat(backend.variable("region")).contains("a");
    clock.advance(Duration.ofSeconds(31)); // 7.5 minutes: time to log in again
    assertThat(backend.variable("region")).contains("b");
    vault.verify(2, postRequestedFor(urlPathEqualTo("/v1/auth/approle/login")));
  }

  @Test
  void a_failed_early_login_keeps_the_current_token_until_its_lease_ends() {
    vault.stubFor(
        post("/v1/auth/approle/login")
            .inScenario("sealed")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(okJson(login("s.one", 600, false)))
            .willSetStateTo("sealed"));
    vault.stubFor(
        post("/v1/auth/approle/login")
            .inScenario("sealed")
            .whenScenarioStateIs("sealed")
            .willReturn(
                aResponse().withStatus(503).withBody("{\"errors\": [\"Vault is sealed\"]}")));
    variableFor("s.one", "a");
    VaultSecretsBackend backend = backend(Map.of("role_id", "role-1", "secret_id", "sec-1"));
    assertThat(backend.variable("region")).contains("a");

    clock.advance(Duration.ofMinutes(8));
    assertThat(backend.variable("region")).contains("a");

    clock.advance(Duration.ofMinutes(2));
    assertThatThrownBy(() -> backend.variable("region"))
        .hasMessageContaining("Vault AppRole login at /v1/auth/approle/login failed with 503")
        .hasMessageContaining("Vault is sealed")
        .hasMessageNotContaining("sec-1");
    vault.verify(3, postRequestedFor(urlPathEqualTo("/v1/auth/approle/login")));
  }

  @Test
  void a_renewable_token_is_renewed_instead_until_vault_shortens_it() throws Exception {
    Path file = tokenFile(SA_TOKEN_1);
    vault.stubFor(
        post("/v1/auth/kubernetes/login").willReturn(okJson(login("s.renewable", 3600, true))));
    vault.stubFor(
        post("/v1/auth/token/renew-self")
            .withHeader("X-Vault-Token", equalTo("s.renewable"))
            .inScenario("renewals")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(okJson(login("s.renewable", 3600, true)))
            .willSetStateTo("near max ttl"));
    vault.stubFor(
        post("/v1/auth/token/renew-self")
            .inScenario("renewals")
            .whenScenarioStateIs("near max ttl")
            .willReturn(okJson(login("s.renewable", 600, true))));
    variableFor("s.renewable", "eu-west-1");
    VaultSecretsBackend backend =
        backend(
            Map.of(
                "auth_type", "kubernetes",
                "kubernetes_role", "updraft",
                "kubernetes_jwt_path", file.toString()));

    assertThat(backend.variable("region")).contains("eu-west-1");
    clock.advance(Duration.ofMinutes(46));
    assertThat(backend.variable("region")).contains("eu-west-1");
    vault.verify(1, postRequestedFor(urlPathEqualTo("/v1/auth/token/renew-self")));
    vault.verify(1, postRequestedFor(urlPathEqualTo("/v1/auth/kubernetes/login")));

    clock.advance(Duration.ofMinutes(46)); // this renewal only reaches 10 minutes: log in
    assertThat(backend.variable("region")).contains("eu-west-1");
    vault.verify(2, postRequestedFor(urlPathEqualTo("/v1/auth/token/renew-self")));
    vault.verify(2, postRequestedFor(urlPathEqualTo("/v1/auth/kubernetes/login")));
    vault.verify(3, getRequestedFor(urlPathEqualTo("/v1/secret/data/variables/region")));
  }

  @Test
  void a_static_token_is_never_replaced() {
    denied("s.static");

    assertThatThrownBy(
            () -> backend(Map.of("auth_type", "token", "token", "s.static")).variable("region"))
        .hasMessageContaining("Vault answered 403")
        .hasMessageNotContaining("s.static");
    vault.verify(1, getRequestedFor(urlPathEqualTo("/v1/secret/data/variables/region")));
  }
}

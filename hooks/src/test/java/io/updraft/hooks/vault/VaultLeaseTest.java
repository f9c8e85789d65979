package io.updraft.hooks.vault;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Leases of the client token: renewed or replaced by a new login before they end. */
class VaultLeaseTest extends VaultAuthFixture {
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
    assertThat(logged())
        .contains("Refreshing the Vault token failed")
        .contains("Vault is sealed")
        .doesNotContain("s.one")
        .doesNotContain("sec-1");
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
}

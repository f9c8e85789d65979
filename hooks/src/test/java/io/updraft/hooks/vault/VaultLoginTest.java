package io.updraft.hooks.vault;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Kubernetes, JWT and AppRole logins against Vault's documented auth API, served by WireMock: one
 * login path, token files read at every login, refused tokens and logins.
 */
class VaultLoginTest extends VaultAuthFixture {
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
    assertThat(logged())
        .contains("Logged in to Vault with Kubernetes at /v1/auth/kubernetes/login; lease 3600 s")
        .doesNotContain("s.k8s")
        .doesNotContain(SA_TOKEN_1);
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
  void a_static_token_is_never_replaced() {
    denied("s.static");

    assertThatThrownBy(
            () -> backend(Map.of("auth_type", "token", "token", "s.static")).variable("region"))
        .hasMessageContaining("Vault answered 403")
        .hasMessageNotContaining("s.static");
    vault.verify(1, getRequestedFor(urlPathEqualTo("/v1/secret/data/variables/region")));
  }
}

package io.updraft.hooks.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VaultSettingsTest {
  private static VaultSettings settings(String... keysAndValues) {
    Map<String, String> section = new HashMap<>(Map.of("url", "https://vault:8200/"));
    for (int i = 0; i < keysAndValues.length; i += 2) {
      section.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return VaultSettings.from(section);
  }

  @Test
  void without_auth_type_a_role_id_means_approle_and_a_token_alone_a_token() {
    assertThat(settings("role_id", "r", "secret_id", "s").login())
        .isEqualTo(new AppRoleLogin("r", "s", "approle"));
    VaultSettings token = settings("token", "s.root");
    assertThat(token.login()).isNull();
    assertThat(token.token()).isEqualTo("s.root");
    assertThat(token.url()).isEqualTo("https://vault:8200");
  }

  @Test
  void kubernetes_defaults_to_the_pod_service_account_token_and_its_mount() {
    assertThat(settings("auth_type", "Kubernetes", "kubernetes_role", "updraft").login())
        .isEqualTo(
            new KubernetesLogin(
                "updraft",
                Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token"),
                "kubernetes"));
    assertThat(
            settings(
                    "auth_type",
                    "jwt",
                    "jwt_role",
                    "etl",
                    "jwt_path",
                    "/run/ci/id_token",
                    "auth_mount",
                    "gitlab")
                .login())
        .isEqualTo(new JwtLogin("etl", Path.of("/run/ci/id_token"), "gitlab"));
  }

  @Test
  void an_unknown_auth_type_is_named_with_the_known_ones() {
    assertThatThrownBy(() -> settings("auth_type", "ldap", "token", "t"))
        .hasMessage(
            "secrets.vault.auth_type must be one of [token, approle, kubernetes, jwt], got 'ldap'");
  }

  @Test
  void each_method_names_the_setting_it_misses() {
    assertThatThrownBy(() -> settings("auth_type", "kubernetes"))
        .hasMessageContaining("needs secrets.vault.kubernetes_role");
    assertThatThrownBy(() -> settings("auth_type", "jwt", "jwt_role", "etl"))
        .hasMessageContaining("needs secrets.vault.jwt_path (or UPDRAFT_SECRETS__VAULT__JWT_PATH)");
    assertThatThrownBy(() -> settings("auth_type", "approle", "role_id", "r"))
        .hasMessageContaining("needs secrets.vault.secret_id");
    assertThatThrownBy(() -> settings("auth_type", "token"))
        .hasMessageContaining("needs secrets.vault.token");
    assertThatThrownBy(() -> settings())
        .hasMessageContaining("secrets.vault.auth_type (one of [token, approle, kubernetes, jwt])");
  }

  @Test
  void a_setting_of_another_method_is_a_mistake_that_is_named() {
    assertThatThrownBy(
            () -> settings("auth_type", "jwt", "jwt_role", "etl", "kubernetes_role", "x"))
        .hasMessageContaining("secrets.vault.kubernetes_role is a setting of auth_type kubernetes")
        .hasMessageContaining("but the Vault auth_type is jwt");
  }

  @Test
  void to_string_shows_no_token_or_secret_id() {
    String approle =
        settings("role_id", "role-1", "secret_id", "sec-1", "token", "s.tok").toString();
    assertThat(approle).contains("role-1").doesNotContain("sec-1").doesNotContain("s.tok");
    assertThat(settings("token", "s.root").toString()).doesNotContain("s.root");
  }
}

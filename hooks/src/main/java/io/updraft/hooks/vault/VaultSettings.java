package io.updraft.hooks.vault;

import io.updraft.core.secrets.BackendSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code secrets.vault} section, with Airflow's VaultBackend defaults: KV version 2 mounted at
 * {@code secret}, connections under {@code connections/<conn_id>}, variables under {@code
 * variables/<key>} (an empty path turns that kind off).
 *
 * @param token a static token, or for AppRole the first token to try before logging in
 * @param login how to log in for a token; null for {@code auth_type: token}
 */
record VaultSettings(
    String url,
    String token,
    VaultLogin login,
    String mountPoint,
    int kvEngineVersion,
    String connectionsPath,
    String variablesPath,
    String namespace,
    Duration timeout) {

  static final List<String> AUTH_TYPES = List.of("token", "approle", "kubernetes", "jwt");

  /** The settings only one auth type reads: setting one of them with another type is a mistake. */
  private static final Map<String, List<String>> METHOD_KEYS =
      Map.of(
          "approle", List.of("role_id", "secret_id"),
          "kubernetes", List.of("kubernetes_role", "kubernetes_jwt_path"),
          "jwt", List.of("jwt_role", "jwt_path"));

  static final Set<String> KEYS =
      Set.of(
          "url",
          "auth_type",
          "token",
          "role_id",
          "secret_id",
          "kubernetes_role",
          "kubernetes_jwt_path",
          "jwt_role",
          "jwt_path",
          "auth_mount",
          "mount_point",
          "kv_engine_version",
          "connections_path",
          "variables_path",
          "namespace",
          "timeout_seconds");

  static VaultSettings from(Map<String, String> section) {
    BackendSettings s = new BackendSettings("vault", section, KEYS);
    String url = s.required("url");
    String authType = authType(s);
    int version = s.integer("kv_engine_version", 2);
    if (version != 1 && version != 2) {
      throw new IllegalArgumentException(
          "secrets.vault.kv_engine_version must be 1 or 2, got " + version);
    }
    return new VaultSettings(
        url.endsWith("/") ? url.substring(0, url.length() - 1) : url,
        authType.equals("token") ? s.required("token") : s.optional("token", null),
        login(authType, s),
        s.optional("mount_point", "secret"),
        version,
        s.optional("connections_path", "connections"),
        s.optional("variables_path", "variables"),
        s.optional("namespace", null),
        Duration.ofSeconds(s.integer("timeout_seconds", 10)));
  }

  /** {@code auth_type}, or as before it existed: role_id means AppRole, a token alone a token. */
  private static String authType(BackendSettings s) {
    String authType;
    if (s.has("auth_type")) {
      authType = s.required("auth_type").strip().toLowerCase(Locale.ROOT);
      if (!AUTH_TYPES.contains(authType)) {
        throw new IllegalArgumentException(
            "secrets.vault.auth_type must be one of "
                + AUTH_TYPES
                + ", got '"
                + s.required("auth_type")
                + "'");
      }
    } else if (s.has("role_id")) {
      authType = "approle";
    } else if (s.has("token")) {
      authType = "token";
    } else {
      throw new IllegalArgumentException(
          "Secrets backend 'vault' needs secrets.vault.token, or secrets.vault.role_id and"
              + " secrets.vault.secret_id for AppRole, or secrets.vault.auth_type (one of "
              + AUTH_TYPES
              + ") with its settings");
    }
    for (Map.Entry<String, List<String>> method : METHOD_KEYS.entrySet()) {
      for (String key : method.getValue()) {
        if (!method.getKey().equals(authType) && s.has(key)) {
          throw new IllegalArgumentException(
              "secrets.vault."
                  + key
                  + " is a setting of auth_type "
                  + method.getKey()
                  + ", but the Vault auth_type is "
                  + authType
                  + "; remove it or set secrets.vault.auth_type: "
                  + method.getKey());
        }
      }
    }
    return authType;
  }

  private static VaultLogin login(String authType, BackendSettings s) {
    return switch (authType) {
      case "approle" ->
          new AppRoleLogin(
              s.required("role_id"), s.required("secret_id"), s.optional("auth_mount", "approle"));
      case "kubernetes" ->
          new KubernetesLogin(
              s.required("kubernetes_role"),
              Path.of(s.optional("kubernetes_jwt_path", KubernetesLogin.DEFAULT_JWT_PATH)),
              s.optional("auth_mount", "kubernetes"));
      case "jwt" ->
          new JwtLogin(
              s.required("jwt_role"),
              Path.of(s.required("jwt_path")),
              s.optional("auth_mount", "jwt"));
      default -> null;
    };
  }

  @Override
  public String toString() {
    return "VaultSettings[url="
        + url
        + ", login="
        + (login == null ? "token" : login)
        + ", mountPoint="
        + mountPoint
        + "]";
  }
}

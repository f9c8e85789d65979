package io.updraft.hooks.vault;

import io.updraft.core.secrets.BackendSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The {@code secrets.vault} section, with Airflow's VaultBackend defaults: KV version 2 mounted at
 * {@code secret}, connections under {@code connections/<conn_id>}, variables under {@code
 * variables/<key>} (an empty path turns that kind off).
 */
record VaultSettings(
    String url,
    String token,
    String roleId,
    String secretId,
    String authMount,
    String mountPoint,
    int kvEngineVersion,
    String connectionsPath,
    String variablesPath,
    String namespace,
    Duration timeout) {

  static final Set<String> KEYS =
      Set.of(
          "url",
          "token",
          "role_id",
          "secret_id",
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
    boolean approle = s.has("role_id");
    if (!approle && !s.has("token")) {
      throw new IllegalArgumentException(
          "Secrets backend 'vault' needs secrets.vault.token, or secrets.vault.role_id and"
              + " secrets.vault.secret_id for AppRole");
    }
    int version = s.integer("kv_engine_version", 2);
    if (version != 1 && version != 2) {
      throw new IllegalArgumentException(
          "secrets.vault.kv_engine_version must be 1 or 2, got " + version);
    }
    return new VaultSettings(
        url.endsWith("/") ? url.substring(0, url.length() - 1) : url,
        s.optional("token", null),
        s.optional("role_id", null),
        approle ? s.required("secret_id") : null,
        s.optional("auth_mount", "approle"),
        s.optional("mount_point", "secret"),
        version,
        s.optional("connections_path", "connections"),
        s.optional("variables_path", "variables"),
        s.optional("namespace", null),
        Duration.ofSeconds(s.integer("timeout_seconds", 10)));
  }

  @Override
  public String toString() {
    return "VaultSettings[url=" + url + ", mountPoint=" + mountPoint + "]";
  }
}

package io.updraft.hooks.google;

import io.updraft.core.secrets.BackendSettings;
import java.util.Map;
import java.util.Set;

/**
 * The {@code secrets.gcp} section, with Airflow's CloudSecretManagerBackend naming: secret {@code
 * <prefix><sep><id>}, version {@code latest}. {@code endpoint} points the client elsewhere (a
 * regional endpoint, or a local server with {@code credentials: none}, which also turns TLS off).
 */
record GcpSettings(
    String project,
    String connectionsPrefix,
    String variablesPrefix,
    String separator,
    String endpoint,
    boolean anonymous) {

  static final Set<String> KEYS =
      Set.of("project", "connections_prefix", "variables_prefix", "sep", "endpoint", "credentials");

  static GcpSettings from(Map<String, String> section) {
    BackendSettings s = new BackendSettings("gcp", section, KEYS);
    String credentials = s.optional("credentials", "default");
    if (!credentials.equals("default") && !credentials.equals("none")) {
      throw new IllegalArgumentException(
          "secrets.gcp.credentials must be 'default' (Application Default Credentials) or 'none',"
              + " got '"
              + credentials
              + "'");
    }
    return new GcpSettings(
        s.required("project"),
        s.optional("connections_prefix", "updraft-connections"),
        s.optional("variables_prefix", "updraft-variables"),
        s.optional("sep", "-"),
        s.optional("endpoint", null),
        credentials.equals("none"));
  }
}

package io.updraft.core.secrets;

import io.updraft.core.connection.Connection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Connections from {@code UPDRAFT_CONN_<CONN_ID>} (a URI or a JSON object) and variables from
 * {@code UPDRAFT_VAR_<KEY>}, the names upper-cased, as Airflow's {@code AIRFLOW_CONN_*}.
 */
public final class EnvironmentSecretsBackend implements SecretsBackend {
  public static final String CONN_PREFIX = "UPDRAFT_CONN_";
  public static final String VAR_PREFIX = "UPDRAFT_VAR_";

  private final Map<String, String> env;

  public EnvironmentSecretsBackend(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  @Override
  public String name() {
    return "env";
  }

  @Override
  public Optional<Connection> connection(String connId) {
    String name = CONN_PREFIX + connId.toUpperCase(Locale.ROOT);
    String value = env.get(name);
    return value == null
        ? Optional.empty()
        : Optional.of(Connection.parse(connId, value, "environment variable " + name));
  }

  @Override
  public Optional<String> variable(String key) {
    return Optional.ofNullable(env.get(VAR_PREFIX + key.toUpperCase(Locale.ROOT)));
  }
}

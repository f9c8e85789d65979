package io.updraft.hooks.vault;

import com.fasterxml.jackson.databind.JsonNode;
import io.updraft.core.connection.Connection;
import io.updraft.core.secrets.ConnectionSecrets;
import io.updraft.core.secrets.SecretsBackend;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Response;

/**
 * Connections and variables in HashiCorp Vault's KV secrets engine, read over its HTTP API. A
 * connection's secret holds a {@code conn_uri} key or the connection's fields; a variable's secret
 * holds a {@code value} key. Authenticates with a static token or by logging in with AppRole,
 * Kubernetes or JWT ({@link VaultSession}).
 */
public final class VaultSecretsBackend implements SecretsBackend {
  private final VaultApi api;
  private final VaultSettings settings;
  private final VaultSession session;

  VaultSecretsBackend(OkHttpClient http, VaultSettings settings, Clock clock) {
    this.api = new VaultApi(http, settings);
    this.settings = settings;
    this.session = new VaultSession(api, settings, clock);
  }

  @Override
  public String name() {
    return "vault";
  }

  @Override
  public Optional<Connection> connection(String connId) {
    if (settings.connectionsPath().isEmpty()) {
      return Optional.empty();
    }
    String path = settings.connectionsPath() + "/" + checked("Connection id", connId);
    return read(path).map(fields -> ConnectionSecrets.fromFields(connId, fields, where(path)));
  }

  @Override
  public Optional<String> variable(String key) {
    if (settings.variablesPath().isEmpty()) {
      return Optional.empty();
    }
    String path = settings.variablesPath() + "/" + checked("Variable key", key);
    return read(path)
        .map(
            fields -> {
              Object value = fields.get("value");
              if (value == null) {
                throw new IllegalStateException(
                    "Vault secret " + where(path) + " has no 'value' key");
              }
              return value instanceof String text ? text : VaultApi.toJson(value);
            });
  }

  /**
   * An id may name a secret below the configured path (slashes included, as in Airflow) but never
   * climb out of it: {@code ..} would reach other mounts or {@code auth/token/lookup-self}, whose
   * answer holds the token itself.
   */
  private static String checked(String what, String id) {
    for (String segment : id.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException(
            what
                + " '"
                + id
                + "' cannot be looked up in Vault: path segments '.' and '..' are not allowed");
      }
    }
    return id;
  }

  private String where(String path) {
    return "Vault secret " + settings.mountPoint() + "/" + path;
  }

  /** The secret's key/value data, or empty when Vault has no such secret. */
  private Optional<Map<String, Object>> read(String path) {
    String separator = settings.kvEngineVersion() == 2 ? "/data/" : "/";
    JsonNode body = get(api.url(settings.mountPoint() + separator + path), true);
    if (body == null) {
      return Optional.empty();
    }
    JsonNode data = body.path("data");
    if (settings.kvEngineVersion() == 2) {
      data = data.path("data");
    }
    if (!data.isObject()) {
      return Optional.empty();
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> fields = VaultApi.JSON.convertValue(data, LinkedHashMap.class);
    return Optional.of(fields);
  }

  private JsonNode get(HttpUrl url, boolean mayLogInAgain) {
    String token = session.token();
    try (Response response = api.get(url, token)) {
      if (response.code() == 404) {
        return null;
      }
      // An expired or revoked token is a 403 as well: one new login, then the answer stands.
      if (response.code() == 403 && mayLogInAgain && session.refused(token)) {
        return get(url, false);
      }
      if (!response.isSuccessful()) {
        throw new IllegalStateException(
            "Vault answered "
                + response.code()
                + " for "
                + url.encodedPath()
                + VaultApi.errors(response));
      }
      return VaultApi.readJson(response);
    }
  }
}

package io.updraft.hooks.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.updraft.core.connection.Connection;
import io.updraft.core.secrets.ConnectionSecrets;
import io.updraft.core.secrets.SecretsBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Connections and variables in HashiCorp Vault's KV secrets engine, read over its HTTP API. A
 * connection's secret holds a {@code conn_uri} key or the connection's fields; a variable's secret
 * holds a {@code value} key. Authenticates with a token or with AppRole (logging in again once when
 * Vault rejects an expired token).
 */
public final class VaultSecretsBackend implements SecretsBackend {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType JSON_TYPE = MediaType.get("application/json");

  private final OkHttpClient http;
  private final VaultSettings settings;
  private volatile String token;

  VaultSecretsBackend(OkHttpClient http, VaultSettings settings) {
    this.http = http;
    this.settings = settings;
    this.token = settings.token();
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
    String path = settings.connectionsPath() + "/" + connId;
    return read(path).map(fields -> ConnectionSecrets.fromFields(connId, fields, where(path)));
  }

  @Override
  public Optional<String> variable(String key) {
    if (settings.variablesPath().isEmpty()) {
      return Optional.empty();
    }
    String path = settings.variablesPath() + "/" + key;
    return read(path)
        .map(
            fields -> {
              Object value = fields.get("value");
              if (value == null) {
                throw new IllegalStateException(
                    "Vault secret " + where(path) + " has no 'value' key");
              }
              return value instanceof String text ? text : toJson(value);
            });
  }

  private String where(String path) {
    return "Vault secret " + settings.mountPoint() + "/" + path;
  }

  /** The secret's key/value data, or empty when Vault has no such secret. */
  private Optional<Map<String, Object>> read(String path) {
    HttpUrl.Builder url = HttpUrl.get(settings.url()).newBuilder().addPathSegment("v1");
    url.addPathSegments(settings.mountPoint());
    if (settings.kvEngineVersion() == 2) {
      url.addPathSegment("data");
    }
    url.addPathSegments(path);
    JsonNode body = get(url.build(), true);
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
    Map<String, Object> fields = JSON.convertValue(data, LinkedHashMap.class);
    return Optional.of(fields);
  }

  private JsonNode get(HttpUrl url, boolean mayRelogin) {
    Request.Builder request = new Request.Builder().url(url).header("X-Vault-Token", token());
    if (settings.namespace() != null) {
      request.header("X-Vault-Namespace", settings.namespace());
    }
    try (Response response = http.newCall(request.build()).execute()) {
      if (response.code() == 404) {
        return null;
      }
      if (response.code() == 403 && mayRelogin && settings.roleId() != null) {
        token = null;
        return get(url, false);
      }
      if (!response.isSuccessful()) {
        throw new IllegalStateException(
            "Vault answered " + response.code() + " for " + url.encodedPath() + errors(response));
      }
      return JSON.readTree(response.body().string());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot reach Vault at " + settings.url(), e);
    }
  }

  private String token() {
    String current = token;
    if (current == null) {
      current = login();
      token = current;
    }
    return current;
  }

  /** AppRole login: {@code POST /v1/auth/<mount>/login} with the role and secret ids. */
  private String login() {
    HttpUrl url =
        HttpUrl.get(settings.url())
            .newBuilder()
            .addPathSegment("v1")
            .addPathSegment("auth")
            .addPathSegments(settings.authMount())
            .addPathSegment("login")
            .build();
    String payload = toJson(Map.of("role_id", settings.roleId(), "secret_id", settings.secretId()));
    Request.Builder request =
        new Request.Builder().url(url).post(RequestBody.create(payload, JSON_TYPE));
    if (settings.namespace() != null) {
      request.header("X-Vault-Namespace", settings.namespace());
    }
    try (Response response = http.newCall(request.build()).execute()) {
      if (!response.isSuccessful()) {
        throw new IllegalStateException(
            "Vault AppRole login at "
                + url.encodedPath()
                + " failed with "
                + response.code()
                + errors(response));
      }
      String clientToken =
          JSON.readTree(response.body().string()).path("auth").path("client_token").asText("");
      if (clientToken.isEmpty()) {
        throw new IllegalStateException("Vault AppRole login answered without auth.client_token");
      }
      return clientToken;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot reach Vault at " + settings.url(), e);
    }
  }

  /** Vault's {"errors": [...]} list: messages about paths and permissions, never secret values. */
  private static String errors(Response response) throws IOException {
    JsonNode errors = JSON.readTree(response.body().string()).path("errors");
    return errors.isArray() && !errors.isEmpty() ? ": " + errors : "";
  }

  private static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

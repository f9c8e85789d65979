package io.updraft.hooks.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** Calls to one Vault server: its {@code /v1} paths, the namespace header, its error bodies. */
final class VaultApi {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType JSON_TYPE = MediaType.get("application/json");

  private final OkHttpClient http;
  private final VaultSettings settings;

  VaultApi(OkHttpClient http, VaultSettings settings) {
    this.http = http;
    this.settings = settings;
  }

  /** {@code <url>/v1/<path>}, the path's segments taken as they are. */
  HttpUrl url(String path) {
    return HttpUrl.get(settings.url())
        .newBuilder()
        .addPathSegment("v1")
        .addPathSegments(path)
        .build();
  }

  /** A POST of a JSON body, with {@code token} as X-Vault-Token unless null. */
  Response post(HttpUrl url, Object body, String token) {
    RequestBody json = RequestBody.create(toJson(body), JSON_TYPE);
    return call(new Request.Builder().url(url).post(json), token);
  }

  Response get(HttpUrl url, String token) {
    return call(new Request.Builder().url(url), token);
  }

  private Response call(Request.Builder request, String token) {
    if (token != null) {
      request.header("X-Vault-Token", token);
    }
    if (settings.namespace() != null) {
      request.header("X-Vault-Namespace", settings.namespace());
    }
    try {
      return http.newCall(request.build()).execute();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot reach Vault at " + settings.url(), e);
    }
  }

  static JsonNode readJson(Response response) {
    try {
      return JSON.readTree(response.body().string());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Vault answered " + response.code() + " with a body that is not JSON", e);
    }
  }

  /**
   * Vault's {"errors": [...]} list as ": [...]", or "" without one: messages about paths, roles and
   * permissions, never secret values of ours.
   */
  static String errors(Response response) {
    try {
      JsonNode errors = JSON.readTree(response.body().string()).path("errors");
      return errors.isArray() && !errors.isEmpty() ? ": " + errors : "";
    } catch (IOException e) {
      return "";
    }
  }

  static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

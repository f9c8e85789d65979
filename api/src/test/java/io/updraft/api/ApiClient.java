package io.updraft.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.updraft.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A real HTTP client for a started {@link ApiServer}: anonymous, with basic auth, with a bearer
 * token, or as a browser that keeps cookies. It never follows redirects, so tests see them.
 */
final class ApiClient {
  private final HttpClient http;
  private final String base;
  private final String authorization;

  private ApiClient(String base, String authorization, boolean keepsCookies) {
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER);
    if (keepsCookies) {
      builder.cookieHandler(new CookieManager());
    }
    this.http = builder.build();
    this.base = base;
    this.authorization = authorization;
  }

  static ApiClient anonymous(ApiServer server) {
    return new ApiClient("http://127.0.0.1:" + server.port(), null, false);
  }

  static ApiClient basic(ApiServer server, String username, String password) {
    String encoded =
        Base64.getEncoder()
            .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    return new ApiClient("http://127.0.0.1:" + server.port(), "Basic " + encoded, false);
  }

  static ApiClient bearer(ApiServer server, String token) {
    return new ApiClient("http://127.0.0.1:" + server.port(), "Bearer " + token, false);
  }

  /** A client that keeps cookies, as a browser does; sign in with {@link #postForm}. */
  static ApiClient browser(ApiServer server) {
    return new ApiClient("http://127.0.0.1:" + server.port(), null, true);
  }

  /** GETs {@code pathAndQuery} exactly as given: encode it yourself. */
  HttpResponse<String> get(String pathAndQuery) {
    return send(request(pathAndQuery).GET());
  }

  HttpResponse<String> post(String path, String json) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  HttpResponse<String> patch(String path, String json) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
  }

  HttpResponse<String> delete(String path) {
    return send(request(path).header("Content-Type", "application/json").DELETE());
  }

  /** Sends {@code request} with any extra headers, for tests that shape requests themselves. */
  HttpResponse<String> send(
      String method, String path, String contentType, String body, Map<String, String> headers) {
    HttpRequest.Builder builder = request(path);
    if (contentType != null) {
      builder.header("Content-Type", contentType);
    }
    headers.forEach(builder::header);
    return send(builder.method(method, HttpRequest.BodyPublishers.ofString(body)));
  }

  HttpResponse<String> postForm(String path, Map<String, String> fields) {
    String body =
        fields.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return send(
        request(path)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private HttpRequest.Builder request(String pathAndQuery) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(10));
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    return builder;
  }

  private HttpResponse<String> send(HttpRequest.Builder builder) {
    try {
      return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return Json.MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("Not JSON: " + response.body(), e);
    }
  }

  static String contentType(HttpResponse<String> response) {
    return response.headers().firstValue("Content-Type").orElse("");
  }
}

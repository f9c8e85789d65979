package io.updraft.hooks.http;

import io.updraft.core.connection.Connection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * What an HTTP connection says: the base URL (scheme, host, port, as Airflow's HttpHook builds it),
 * authentication, default headers, timeouts and retries.
 *
 * <p>Extras: {@code timeout}, {@code connect_timeout}, {@code read_timeout} (seconds), {@code
 * retries} (default 3), {@code retry_backoff} (seconds before the first retry, doubled each time;
 * default 1), {@code auth_type} ({@code basic} or {@code bearer}), {@code headers} (an object). Any
 * other extra is sent as a header, as Airflow does.
 */
record HttpSettings(
    HttpUrl baseUrl,
    String authorization,
    Map<String, String> headers,
    Duration callTimeout,
    Duration connectTimeout,
    Duration readTimeout,
    int retries,
    Duration retryBackoff) {

  private static final Set<String> SETTINGS =
      Set.of(
          "timeout",
          "connect_timeout",
          "read_timeout",
          "retries",
          "retry_backoff",
          "auth_type",
          "headers");

  static HttpSettings of(Connection c) {
    return new HttpSettings(
        baseUrl(c),
        authorization(c),
        headers(c),
        seconds(c, "timeout", 0),
        seconds(c, "connect_timeout", 10),
        seconds(c, "read_timeout", 60),
        (int) number(c, "retries", 3),
        seconds(c, "retry_backoff", 1));
  }

  /** These settings without retries, each timeout at most {@code limit}. */
  HttpSettings forTest(Duration limit) {
    return new HttpSettings(
        baseUrl,
        authorization,
        headers,
        limit,
        atMost(connectTimeout, limit),
        atMost(readTimeout, limit),
        0,
        retryBackoff);
  }

  private static Duration atMost(Duration d, Duration limit) {
    return d.isZero() || d.compareTo(limit) > 0 ? limit : d;
  }

  private static HttpUrl baseUrl(Connection c) {
    String host = c.host() == null ? "" : c.host().strip();
    if (host.isEmpty()) {
      throw new IllegalArgumentException(
          "Connection '" + c.connId() + "' has no host; set it to e.g. api.example.com");
    }
    String url;
    if (host.contains("://")) {
      url = host;
    } else {
      // Airflow's HttpHook reads the URL scheme from the schema field.
      String scheme =
          c.schema() != null && !c.schema().isBlank()
              ? c.schema()
              : "https".equalsIgnoreCase(c.connType()) ? "https" : "http";
      url = scheme + "://" + host;
    }
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed == null) {
      throw new IllegalArgumentException(
          "Connection '" + c.connId() + "' does not make a valid base URL: " + url);
    }
    if (c.port() != null && c.port() > 0) {
      parsed = parsed.newBuilder().port(c.port()).build();
    }
    return parsed;
  }

  private static String authorization(Connection c) {
    String type = c.extraString("auth_type");
    if ("bearer".equalsIgnoreCase(type)) {
      if (c.password() == null) {
        throw new IllegalArgumentException(
            "Connection '" + c.connId() + "' asks for bearer auth but has no password (the token)");
      }
      return "Bearer " + c.password();
    }
    if (c.login() != null && !c.login().isEmpty()) {
      return okhttp3.Credentials.basic(
          c.login(),
          c.password() == null ? "" : c.password(),
          java.nio.charset.StandardCharsets.UTF_8);
    }
    return null;
  }

  private static Map<String, String> headers(Connection c) {
    Map<String, String> headers = new LinkedHashMap<>();
    c.extra()
        .forEach(
            (key, value) -> {
              if (!SETTINGS.contains(key) && value != null) {
                headers.put(key, value.toString());
              }
            });
    if (c.extra().get("headers") instanceof Map<?, ?> map) {
      map.forEach((k, v) -> headers.put(String.valueOf(k), String.valueOf(v)));
    }
    return Map.copyOf(headers);
  }

  private static Duration seconds(Connection c, String key, double otherwise) {
    return Duration.ofMillis(Math.round(number(c, key, otherwise) * 1000));
  }

  private static double number(Connection c, String key, double otherwise) {
    String value = c.extraString(key);
    if (value == null) {
      return otherwise;
    }
    try {
      return Double.parseDouble(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Connection '"
              + c.connId()
              + "': extra '"
              + key
              + "' must be a number, got '"
              + value
              + "'");
    }
  }
}

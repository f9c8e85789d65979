package io.updraft.core.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * OpenTelemetry traces, Airflow's {@code [traces]} section: a span per DAG run and one per try,
 * sent over OTLP/HTTP. Off unless {@code otlpEndpoint} is set; off, nothing of OpenTelemetry is
 * started.
 */
public record TracesConfig(
    @Doc(
            "OTLP/HTTP collector that receives the spans of DAG runs and tries, e.g. `http://otel-collector:4318` (`/v1/traces` is added to a URL without a path). Unset: no traces, nothing started.")
        String otlpEndpoint,
    @Doc("`service.name` of the spans (Airflow's `otel_service`).") String serviceName,
    @Doc(
            "Headers sent with every export, `name=value` pairs separated by commas (as `OTEL_EXPORTER_OTLP_HEADERS`), e.g. `Authorization=Bearer ...`; values are taken as written. Never logged.")
        String otlpHeaders,
    @Doc(
            "Spans waiting for export, per process; past it new spans are dropped, so a slow collector never slows a task.")
        Integer maxQueueSize) {
  public static final String DEFAULT_SERVICE_NAME = "updraft";
  public static final int DEFAULT_MAX_QUEUE_SIZE = 2048;

  public TracesConfig {
    otlpEndpoint = otlpEndpoint == null || otlpEndpoint.isBlank() ? null : otlpEndpoint.strip();
    serviceName =
        serviceName == null || serviceName.isBlank() ? DEFAULT_SERVICE_NAME : serviceName.strip();
    otlpHeaders = otlpHeaders == null || otlpHeaders.isBlank() ? null : otlpHeaders;
    maxQueueSize = maxQueueSize == null ? DEFAULT_MAX_QUEUE_SIZE : maxQueueSize;
    if (maxQueueSize < 1) {
      throw new IllegalArgumentException(
          "traces.max_queue_size must be at least 1, got "
              + maxQueueSize
              + "; leave it out for "
              + DEFAULT_MAX_QUEUE_SIZE);
    }
    if (otlpEndpoint != null) {
      checkEndpoint(otlpEndpoint);
    }
    headers(otlpHeaders); // refused here, at start-up, rather than at the first export
  }

  public static TracesConfig defaults() {
    return new TracesConfig(null, null, null, null);
  }

  public boolean isEnabled() {
    return otlpEndpoint != null;
  }

  /** Where spans are posted: the endpoint, with {@code /v1/traces} when it has no path. */
  public String tracesUrl() {
    String path = URI.create(otlpEndpoint).getPath();
    if (path == null || path.isEmpty() || path.equals("/")) {
      return otlpEndpoint.replaceAll("/+$", "") + "/v1/traces";
    }
    return otlpEndpoint;
  }

  /** The export headers by name, in the order given. */
  public Map<String, String> headers() {
    return headers(otlpHeaders);
  }

  private static Map<String, String> headers(String value) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (value == null) {
      return headers;
    }
    int position = 0;
    for (String pair : value.split(",")) {
      position++;
      int eq = pair.indexOf('=');
      String name = eq < 0 ? "" : pair.substring(0, eq).strip();
      if (name.isEmpty() || !name.chars().allMatch(c -> c > ' ' && c < 127 && c != ':')) {
        // The value is a secret: only where the mistake is, never what was written.
        throw new IllegalArgumentException(
            "traces.otlp_headers (UPDRAFT_TRACES__OTLP_HEADERS) entry "
                + position
                + " is not name=value with a header name; write e.g."
                + " Authorization=Bearer TOKEN,X-Scope-OrgID=ops");
      }
      headers.put(name, pair.substring(eq + 1).strip());
    }
    return headers;
  }

  private static void checkEndpoint(String endpoint) {
    String hint =
        "traces.otlp_endpoint (UPDRAFT_TRACES__OTLP_ENDPOINT) must be an http:// or https:// URL"
            + " of an OTLP/HTTP collector, such as http://otel-collector:4318";
    URI uri;
    try {
      uri = new URI(endpoint);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(hint + "; it is not a URL: " + e.getReason());
    }
    if (uri.getScheme() == null
        || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
        || uri.getHost() == null) {
      throw new IllegalArgumentException(hint + "; got one with scheme " + uri.getScheme());
    }
    if (uri.getUserInfo() != null) {
      throw new IllegalArgumentException(
          hint + ", without a user or password in it: put credentials in traces.otlp_headers");
    }
  }

  @Override
  public String toString() {
    // Headers carry credentials: only their names reach a log line.
    return "TracesConfig[otlpEndpoint="
        + otlpEndpoint
        + ", serviceName="
        + serviceName
        + ", otlpHeaders="
        + headers().keySet()
        + ", maxQueueSize="
        + maxQueueSize
        + "]";
  }
}

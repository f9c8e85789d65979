package io.updraft.core.config;

/** The HTTP server of the API and UI. */
public record ApiConfig(
    @Doc("Interface the API and UI listen on.") String host,
    @Doc("HTTP port of the API and UI.") Integer port) {
  public ApiConfig {
    host = host == null ? "0.0.0.0" : host;
    port = port == null ? 8080 : port;
  }

  public static ApiConfig defaults() {
    return new ApiConfig(null, null);
  }
}

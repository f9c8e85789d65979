package io.updraft.core.config;

/** The HTTP server of the API and UI. */
public record ApiConfig(
    @Doc("Interface the API and UI listen on.") String host,
    @Doc("HTTP port of the API and UI.") Integer port,
    @Doc(
            "Whether admins may test connections from the API and UI (POST"
                + " /api/v1/connections/test, the Test button). Off by default: a test makes this"
                + " server connect wherever the connection points.")
        Boolean connectionTest) {
  public ApiConfig {
    host = host == null ? "0.0.0.0" : host;
    port = port == null ? 8080 : port;
    connectionTest = connectionTest != null && connectionTest;
  }

  public ApiConfig(String host, Integer port) {
    this(host, port, null);
  }

  public static ApiConfig defaults() {
    return new ApiConfig(null, null, null);
  }
}

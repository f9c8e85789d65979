package io.updraft.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.updraft.core.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The small HTTP server of a scheduler or worker process: {@code GET /metrics} (Prometheus text)
 * and {@code GET /health} (200 or 503 with what was checked). The JDK's own server is enough for
 * two read-only routes, and keeps Javalin out of processes that serve no API.
 */
final class ProcessEndpoints implements AutoCloseable {
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private static final Logger LOG = LoggerFactory.getLogger(ProcessEndpoints.class);

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

  private ProcessEndpoints(HttpServer server) {
    this.server = server;
  }

  /**
   * Starts serving on {@code port} (0 picks a free one, which {@link #port()} tells).
   *
   * @param configKey the key that sets the port, named when the port is taken
   * @throws UserError when the port is in use
   */
  static ProcessEndpoints start(
      String host,
      int port,
      String configKey,
      Supplier<String> metrics,
      Supplier<ProcessHealth.Report> health) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 0);
    } catch (BindException e) {
      throw new UserError(
          "Cannot serve /metrics and /health on port "
              + port
              + ": it is in use. Set "
              + configKey
              + " (UPDRAFT_"
              + configKey.toUpperCase(Locale.ROOT).replace(".", "__")
              + ") to a free port, or to 0 to turn the endpoints off.");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ProcessEndpoints endpoints = new ProcessEndpoints(server);
    server.setExecutor(endpoints.executor);
    server.createContext(
        "/metrics", exchange -> endpoints.answer(exchange, 200, PROMETHEUS_TEXT, metrics.get()));
    server.createContext(
        "/health",
        exchange -> {
          ProcessHealth.Report report = health.get();
          endpoints.answer(
              exchange,
              report.healthy() ? 200 : 503,
              "application/json",
              Json.MAPPER.writeValueAsString(report.body()));
        });
    server.start();
    LOG.info("Serving /metrics and /health on port {}", server.getAddress().getPort());
    return endpoints;
  }

  int port() {
    return server.getAddress().getPort();
  }

  private void answer(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod())
          && !"HEAD".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      if (exchange.getRequestURI().getPath().length()
          > exchange.getHttpContext().getPath().length()) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", contentType);
      if ("HEAD".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(status, -1);
        return;
      }
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.close();
  }
}

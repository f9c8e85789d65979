package io.updraft.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real OTLP/HTTP receiver on 127.0.0.1: accepts {@code POST /v1/traces} in protobuf, as a
 * collector does, and keeps every request's bytes and headers for a test to read and decode.
 */
final class OtlpReceiver implements AutoCloseable {
  /** One export as it arrived. */
  record Export(byte[] body, String authorization, String contentType) {}

  private final HttpServer server;
  private final List<Export> exports = new CopyOnWriteArrayList<>();

  private OtlpReceiver(HttpServer server) {
    this.server = server;
  }

  static OtlpReceiver start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    OtlpReceiver receiver = new OtlpReceiver(server);
    server.createContext("/", receiver::handle);
    server.start();
    return receiver;
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("POST")
          || !exchange.getRequestURI().getPath().equals("/v1/traces")) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        in.transferTo(buffer);
        body = buffer.toByteArray();
      }
      exports.add(
          new Export(
              body,
              exchange.getRequestHeaders().getFirst("Authorization"),
              exchange.getRequestHeaders().getFirst("Content-Type")));
      // An empty ExportTraceServiceResponse: everything accepted.
      exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, -1);
    }
  }

  List<Export> exports() {
    return List.copyOf(exports);
  }

  /** Every span received so far, decoded. */
  List<OtlpSpans.ReceivedSpan> spans() {
    List<OtlpSpans.ReceivedSpan> spans = new ArrayList<>();
    for (Export export : exports) {
      try {
        spans.addAll(OtlpSpans.decode(export.body()));
      } catch (IOException e) {
        throw new AssertionError("An export that is not OTLP protobuf", e);
      }
    }
    return spans;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

package io.updraft.api;

import io.javalin.http.Context;
import java.util.function.Supplier;

/** {@code GET /metrics}: the process's metrics in the Prometheus text format. */
final class MetricsHandler {
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final Supplier<String> metrics;

  MetricsHandler(Supplier<String> metrics) {
    this.metrics = metrics;
  }

  void scrape(Context ctx) {
    ctx.contentType(PROMETHEUS_TEXT).result(metrics.get());
  }
}

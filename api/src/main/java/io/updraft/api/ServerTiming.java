package io.updraft.api;

import io.javalin.http.Context;
import java.util.Locale;

/**
 * The {@code Server-Timing} header ({@code app;dur=12.3}, milliseconds): how long the server spent
 * on a request, from its arrival at the router to the end of its last handler, before the body is
 * sent. Browsers' developer tools show it, and the scale benchmark reads it to tell the server's
 * time from the network's.
 */
final class ServerTiming {
  private static final String STARTED = "updraft.server-timing.started";

  private ServerTiming() {}

  static void start(Context ctx) {
    ctx.attribute(STARTED, System.nanoTime());
  }

  static void finish(Context ctx) {
    Long started = ctx.attribute(STARTED);
    if (started != null) {
      ctx.header(
          "Server-Timing",
          String.format(Locale.ROOT, "app;dur=%.1f", (System.nanoTime() - started) / 1e6));
    }
  }
}

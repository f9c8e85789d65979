package io.updraft.api;

import io.javalin.http.Context;
import java.time.Duration;

/**
 * Cookies written by hand, because every attribute matters here: HttpOnly (no script reads them),
 * SameSite=Strict (no other site's page sends them), Secure when served over HTTPS.
 */
final class Cookies {
  static final String SESSION = "updraft_session";
  static final String LOGIN_CSRF = "updraft_login_csrf";

  private Cookies() {}

  static void set(Context ctx, String name, String value, String path, Duration maxAge) {
    StringBuilder cookie =
        new StringBuilder(name)
            .append('=')
            .append(value)
            .append("; Path=")
            .append(path)
            .append("; Max-Age=")
            .append(maxAge.toSeconds())
            .append("; HttpOnly; SameSite=Strict");
    if (isHttps(ctx)) {
      cookie.append("; Secure");
    }
    ctx.res().addHeader("Set-Cookie", cookie.toString());
  }

  static void clear(Context ctx, String name, String path) {
    set(ctx, name, "", path, Duration.ZERO);
  }

  /** HTTPS directly, or through a proxy that says so. */
  private static boolean isHttps(Context ctx) {
    return "https".equalsIgnoreCase(ctx.scheme())
        || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
  }
}

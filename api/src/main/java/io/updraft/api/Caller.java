package io.updraft.api;

import io.javalin.http.Context;
import io.updraft.core.auth.Session;
import io.updraft.core.auth.User;

/** Who sent a request, and the UI session it came with (null for basic auth and bearer tokens). */
record Caller(User user, Session session) {
  private static final String ATTRIBUTE = "updraft.caller";

  void attachTo(Context ctx) {
    ctx.attribute(ATTRIBUTE, this);
  }

  /** The caller of a request that passed {@link Authentication}; null on public routes. */
  static Caller of(Context ctx) {
    return ctx.attribute(ATTRIBUTE);
  }

  /** The CSRF token forms of this caller must carry; empty outside a UI session. */
  String csrfToken() {
    return session == null ? "" : session.csrfToken();
  }
}

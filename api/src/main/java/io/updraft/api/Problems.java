package io.updraft.api;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.updraft.core.json.Json;
import io.updraft.core.run.DatabaseUnreachable;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes every error as {@code application/problem+json}, never with a stack trace. */
final class Problems {
  static final String MEDIA_TYPE = "application/problem+json";

  /** JSON is UTF-8 (RFC 8259); saying so keeps any client from guessing another charset. */
  static final String CONTENT_TYPE = MEDIA_TYPE + ";charset=utf-8";

  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

  /** What a client is told to wait before retrying while the database is unreachable. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(5);

  /** The RFC 9457 body. */
  record Problem(String type, String title, int status, String detail) {}

  private Problems() {}

  static void apiProblem(ApiProblem problem, Context ctx) {
    write(ctx, problem.status(), problem.getMessage());
  }

  /** Javalin's own errors, such as a request for a path no route matches. */
  static void httpResponse(HttpResponseException e, Context ctx) {
    HttpStatus status = HttpStatus.forStatus(e.getStatus());
    if (status == HttpStatus.NOT_FOUND) {
      notFound(ctx);
    } else {
      write(ctx, status, e.getMessage());
    }
  }

  /**
   * Answers 404s that no handler answered (a path no route matches); a handler's own 404 keeps its
   * more precise detail, as a problem or, in the UI, as an error page naming what is missing.
   */
  static void notFoundUnlessAnswered(Context ctx) {
    String answered = ctx.res().getContentType();
    if (answered == null
        || !(answered.startsWith(MEDIA_TYPE) || answered.startsWith("text/html"))) {
      notFound(ctx);
    }
  }

  static void notFound(Context ctx) {
    write(
        ctx,
        HttpStatus.NOT_FOUND,
        "No resource at "
            + ctx.method()
            + " "
            + ctx.path()
            + ". The API lives under /api/v1 (for example /api/v1/dags); the UI is at /.");
  }

  /**
   * The database being unreachable is no bug: 503 with {@code Retry-After}, and one log line.
   * Anything else is our bug: log it whole, answer with an id to find it in the log.
   */
  static void unexpected(Exception e, Context ctx) {
    if (DatabaseUnreachable.isCause(e)) {
      databaseUnreachable(e, ctx);
      return;
    }
    String errorId = UUID.randomUUID().toString();
    LOG.error("Unexpected error {} while serving {} {}", errorId, ctx.method(), ctx.path(), e);
    write(
        ctx,
        HttpStatus.INTERNAL_SERVER_ERROR,
        "The server failed to handle "
            + ctx.method()
            + " "
            + ctx.path()
            + ". Its log has the cause under error id "
            + errorId
            + "; if retrying does not help, report that id.");
  }

  private static void databaseUnreachable(Exception e, Context ctx) {
    LOG.warn(
        "Cannot serve {} {}: the metadata database is unreachable ({})",
        ctx.method(),
        ctx.path(),
        rootMessage(e));
    ctx.header("Retry-After", Long.toString(RETRY_AFTER.toSeconds()));
    write(
        ctx,
        HttpStatus.SERVICE_UNAVAILABLE,
        "The metadata database is unreachable, so "
            + ctx.method()
            + " "
            + ctx.path()
            + " cannot be served right now. Try again in a few seconds; GET /api/v1/health"
            + " tells when the database is back.");
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  private static void write(Context ctx, HttpStatus status, String detail) {
    ctx.status(status)
        .contentType(CONTENT_TYPE)
        .result(
            Json.write(new Problem("about:blank", status.getMessage(), status.getCode(), detail)));
  }
}

package io.updraft.api;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.updraft.core.json.Json;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes every error as {@code application/problem+json}, never with a stack trace. */
final class Problems {
  static final String CONTENT_TYPE = "application/problem+json";

  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

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
   * more precise detail.
   */
  static void notFoundUnlessAnswered(Context ctx) {
    if (!CONTENT_TYPE.equals(ctx.res().getContentType())) {
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

  /** Anything else is our bug: log it whole, answer with an id to find it in the log. */
  static void unexpected(Exception e, Context ctx) {
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

  private static void write(Context ctx, HttpStatus status, String detail) {
    ctx.status(status)
        .contentType(CONTENT_TYPE)
        .result(
            Json.write(new Problem("about:blank", status.getMessage(), status.getCode(), detail)));
  }
}

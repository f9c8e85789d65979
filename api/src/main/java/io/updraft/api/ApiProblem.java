package io.updraft.api;

import io.javalin.http.HttpStatus;

/**
 * A request the API cannot serve, with a detail a person can act on. Handlers throw it; {@link
 * Problems} turns it into an {@code application/problem+json} response (RFC 9457).
 */
final class ApiProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient HttpStatus status;

  ApiProblem(HttpStatus status, String detail) {
    super(detail, null, false, false);
    this.status = status;
  }

  static ApiProblem notFound(String detail) {
    return new ApiProblem(HttpStatus.NOT_FOUND, detail);
  }

  static ApiProblem badRequest(String detail) {
    return new ApiProblem(HttpStatus.BAD_REQUEST, detail);
  }

  /** The stored data and this server's configuration disagree, e.g. a value under another key. */
  static ApiProblem conflict(String detail) {
    return new ApiProblem(HttpStatus.CONFLICT, detail);
  }

  HttpStatus status() {
    return status;
  }
}

package io.updraft.hooks.http;

/** A response whose status was not 2xx where one was required. */
public final class HttpStatusException extends RuntimeException {
  private final int status;

  public HttpStatusException(String method, String url, int status, String bodyStart) {
    super(method + " " + url + " answered HTTP " + status + ": " + bodyStart);
    this.status = status;
  }

  public int status() {
    return status;
  }
}

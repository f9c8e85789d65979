package io.updraft.api;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /api/v1/openapi.json}: the OpenAPI 3 description of the API, written by hand next to
 * the routes; a test fails when the two disagree.
 */
final class OpenApiHandler {
  static final String RESOURCE = "/io/updraft/api/openapi.json";

  private final byte[] document;

  OpenApiHandler() {
    try (InputStream in = OpenApiHandler.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Missing " + RESOURCE + " in the api jar");
      }
      this.document = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void serve(Context ctx) {
    ctx.contentType("application/json").result(document);
  }
}

package io.updraft.api;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * {@code GET /static/{file}}: the UI's scripts and stylesheet. Only the names listed here are
 * served, so no path, encoded or not, can reach any other file.
 */
final class StaticFiles {
  private static final Map<String, String> TYPES =
      Map.of(
          "updraft.js", "text/javascript; charset=utf-8",
          "confirm.js", "text/javascript; charset=utf-8",
          "updraft.css", "text/css; charset=utf-8");

  private final Map<String, byte[]> files;

  StaticFiles() {
    this.files =
        Map.copyOf(
            TYPES.keySet().stream()
                .collect(java.util.stream.Collectors.toMap(name -> name, StaticFiles::load)));
  }

  void serve(Context ctx) {
    String name = ctx.pathParam("file");
    byte[] content = files.get(name);
    if (content == null) {
      throw ApiProblem.notFound("No static file '" + name + "'.");
    }
    ctx.contentType(TYPES.get(name))
        .header("X-Content-Type-Options", "nosniff")
        .header("Cache-Control", "max-age=300")
        .result(content);
  }

  private static byte[] load(String name) {
    String resource = "/io/updraft/api/static/" + name;
    try (InputStream in = StaticFiles.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Missing resource " + resource + " in the api jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

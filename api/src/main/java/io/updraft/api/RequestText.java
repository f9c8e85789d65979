package io.updraft.api;

import static io.updraft.core.input.InvalidInputException.quote;

import io.javalin.http.Context;
import io.updraft.core.input.UntrustedJson;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs before every matched route: the text of path and query parameters and of form fields must be
 * text a database can store (no NUL, no lone surrogate), checked once here rather than failing deep
 * inside a store as a 500. JSON bodies are checked where they are read, by {@link JsonBodies}.
 */
final class RequestText {
  private RequestText() {}

  static void check(Context ctx) {
    ctx.pathParamMap().forEach((name, value) -> check("Path parameter " + quote(name), value));
    checkAll("Query parameter", ctx.queryParamMap());
    String type = ctx.contentType();
    if (type != null
        && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      checkAll("Form field", ctx.formParamMap());
    }
  }

  private static void checkAll(String kind, Map<String, List<String>> params) {
    params.forEach(
        (name, values) -> {
          check("The name of a " + kind.toLowerCase(Locale.ROOT), name);
          values.forEach(value -> check(kind + " " + quote(name), value));
        });
  }

  private static void check(String what, String value) {
    UntrustedJson.checkText(value, what);
  }
}

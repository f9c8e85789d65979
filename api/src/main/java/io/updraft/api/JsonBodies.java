package io.updraft.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.updraft.core.input.UntrustedJson;
import io.updraft.core.json.Json;
import java.util.Iterator;
import java.util.List;

/**
 * Request bodies: a JSON object checked whole by {@link UntrustedJson} (depth, NUL characters,
 * numbers), or a 400 that says where the JSON went wrong. A field the endpoint does not know is a
 * 400 as well: a misspelt {@code "confs"} silently ignored would trigger a run without its conf.
 */
final class JsonBodies {
  private JsonBodies() {}

  /**
   * The body as a JSON object whose fields are all among {@code known}.
   *
   * @throws ApiProblem a 400 naming the first unknown field and the fields the endpoint takes
   */
  static JsonNode object(Context ctx, String... known) {
    String body = ctx.body();
    if (body.isBlank()) {
      return Json.MAPPER.createObjectNode();
    }
    JsonNode node = UntrustedJson.readTree(body, "The request body");
    if (!node.isObject()) {
      throw ApiProblem.badRequest(
          "The request body must be a JSON object such as {\"key\": \"value\"}, got " + kind(node));
    }
    List<String> fields = List.of(known);
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!fields.contains(name)) {
        throw ApiProblem.badRequest(
            "The request body has an unknown field '"
                + name
                + "'; this endpoint takes "
                + (fields.isEmpty() ? "no fields" : String.join(", ", fields))
                + ". Remove it or check its spelling.");
      }
    }
    return node;
  }

  private static String kind(JsonNode node) {
    return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}

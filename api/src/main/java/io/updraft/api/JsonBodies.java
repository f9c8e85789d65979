package io.updraft.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.updraft.core.input.UntrustedJson;
import io.updraft.core.json.Json;

/**
 * Request bodies: a JSON object checked whole by {@link UntrustedJson} (depth, NUL characters,
 * numbers), or a 400 that says where the JSON went wrong.
 */
final class JsonBodies {
  private JsonBodies() {}

  static JsonNode object(Context ctx) {
    String body = ctx.body();
    if (body.isBlank()) {
      return Json.MAPPER.createObjectNode();
    }
    JsonNode node = UntrustedJson.readTree(body, "The request body");
    if (!node.isObject()) {
      throw ApiProblem.badRequest(
          "The request body must be a JSON object such as {\"key\": \"value\"}, got " + kind(node));
    }
    return node;
  }

  private static String kind(JsonNode node) {
    return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}

package io.updraft.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.updraft.core.json.Json;
import io.updraft.core.secrets.SecretMasker;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A JSON value with every secret the masker knows replaced by {@code ***}, inside strings, numbers
 * and object keys. Leaves are masked one by one rather than the JSON text as a whole: a secret that
 * holds a quote or a backslash is escaped in the text and would slip past a text match.
 */
final class MaskedJson {
  private MaskedJson() {}

  /** The masked copy of {@code json}, or null when it holds no secret. */
  static String of(String json, SecretMasker masker) {
    JsonNode tree;
    try {
      tree = Json.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("XCom value is not JSON", e);
    }
    JsonNode masked = mask(tree, masker);
    return masked == tree ? null : Json.write(masked);
  }

  /** The node itself when nothing in it was masked, else a masked copy. */
  private static JsonNode mask(JsonNode node, SecretMasker masker) {
    if (node instanceof ObjectNode object) {
      return maskObject(object, masker);
    }
    if (node instanceof ArrayNode array) {
      return maskArray(array, masker);
    }
    if (node.isValueNode() && !node.isNull() && !node.isBoolean()) {
      String text = node.asText();
      String masked = masker.mask(text);
      return masked.equals(text) ? node : TextNode.valueOf(masked);
    }
    return node;
  }

  private static JsonNode maskObject(ObjectNode object, SecretMasker masker) {
    boolean changed = false;
    List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      String key = masker.mask(field.getKey());
      JsonNode value = mask(field.getValue(), masker);
      changed |= !key.equals(field.getKey()) || value != field.getValue();
      fields.add(Map.entry(key, value));
    }
    if (!changed) {
      return object;
    }
    ObjectNode copy = Json.MAPPER.createObjectNode();
    fields.forEach(f -> copy.set(f.getKey(), f.getValue()));
    return copy;
  }

  private static JsonNode maskArray(ArrayNode array, SecretMasker masker) {
    boolean changed = false;
    List<JsonNode> items = new ArrayList<>();
    for (JsonNode item : array) {
      JsonNode masked = mask(item, masker);
      changed |= masked != item;
      items.add(masked);
    }
    if (!changed) {
      return array;
    }
    ArrayNode copy = Json.MAPPER.createArrayNode();
    items.forEach(copy::add);
    return copy;
  }
}

package io.updraft.core.connection;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Airflow's JSON form of a connection ({@code Connection.from_json} / {@code as_json}): the model's
 * field names, {@code extra} as an object or as a string holding one, {@code port} as a number or a
 * numeric string, and the conn type normalised as in the URI form.
 */
final class ConnectionJson {
  static final ObjectMapper MAPPER =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final TypeReference<LinkedHashMap<String, Object>> OBJECT =
      new TypeReference<>() {};
  static final Set<String> FIELDS =
      Set.of(
          "conn_id",
          "conn_type",
          "description",
          "host",
          "login",
          "password",
          "schema",
          "port",
          "extra");

  private ConnectionJson() {}

  static Connection parse(String connId, String json, String where) {
    String prefix = "Connection '" + connId + "' from " + where + " is not a valid JSON object: ";
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidConnectionException(
          prefix
              + e.getOriginalMessage().lines().findFirst().orElse("")
              + " (line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ")");
    }
    if (!(node instanceof ObjectNode object)) {
      throw new InvalidConnectionException(prefix + "expected an object {...}");
    }
    return fromObject(connId, object, prefix);
  }

  /** A connection from an already parsed JSON or YAML object (local files use this too). */
  static Connection fromObject(String connId, ObjectNode object, String prefix) {
    for (String field : (Iterable<String>) object::fieldNames) {
      if (!FIELDS.contains(field)) {
        throw new InvalidConnectionException(
            prefix
                + "unknown field '"
                + field
                + "'; expected some of conn_type, description, host, login, password, schema,"
                + " port, extra");
      }
    }
    Map<String, Object> extra;
    JsonNode extraNode = object.get("extra");
    try {
      if (extraNode == null || extraNode.isNull()) {
        extra = Map.of();
      } else if (extraNode.isTextual()) {
        extra = extraNode.asText().isBlank() ? Map.of() : parseExtra(extraNode.asText());
      } else if (extraNode.isObject()) {
        extra = MAPPER.convertValue(extraNode, OBJECT);
      } else {
        throw new IllegalArgumentException("must be a JSON object, got " + extraNode.getNodeType());
      }
    } catch (IllegalArgumentException e) {
      throw new InvalidConnectionException(prefix + "field 'extra' " + e.getMessage());
    }
    String id = connId != null ? connId : text(object, "conn_id");
    return new Connection(
        id,
        ConnectionUri.normalizeType(text(object, "conn_type")),
        text(object, "description"),
        text(object, "host"),
        text(object, "login"),
        text(object, "password"),
        text(object, "schema"),
        port(object.get("port"), prefix),
        extra);
  }

  private static String text(ObjectNode object, String field) {
    JsonNode value = object.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static Integer port(JsonNode value, String prefix) {
    if (value == null || value.isNull() || (value.isTextual() && value.asText().isEmpty())) {
      return null;
    }
    if (value.isIntegralNumber() && value.canConvertToInt()) {
      return value.asInt();
    }
    if (value.isTextual() && value.asText().strip().matches("\\d{1,9}")) {
      return Integer.parseInt(value.asText().strip());
    }
    throw new InvalidConnectionException(
        prefix + "expected an integer value for 'port', but got " + value);
  }

  /** The text of an extra: must hold a JSON object. */
  static Map<String, Object> parseExtra(String json) {
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "is not valid JSON (line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ")");
    }
    if (!(node instanceof ObjectNode)) {
      throw new IllegalArgumentException(
          "must hold a JSON object {...}, got " + (node == null ? "nothing" : node.getNodeType()));
    }
    return MAPPER.convertValue(node, OBJECT);
  }

  static String writeExtra(Map<String, Object> extra) {
    try {
      return MAPPER.writeValueAsString(extra);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write a connection's extra as JSON", e);
    }
  }

  static String format(Connection c) {
    try {
      return MAPPER.writeValueAsString(toMap(c, false));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write a connection as JSON", e);
    }
  }

  /** The fields by their JSON names, in the model's order, leaving out what is unset. */
  static Map<String, Object> toMap(Connection c, boolean withConnId) {
    Map<String, Object> map = new LinkedHashMap<>();
    if (withConnId) {
      putIfSet(map, "conn_id", c.connId());
    }
    putIfSet(map, "conn_type", c.connType());
    putIfSet(map, "description", c.description());
    putIfSet(map, "host", c.host());
    putIfSet(map, "login", c.login());
    putIfSet(map, "password", c.password());
    putIfSet(map, "schema", c.schema());
    putIfSet(map, "port", c.port());
    if (!c.extra().isEmpty()) {
      map.put("extra", c.extra());
    }
    return map;
  }

  private static void putIfSet(Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}

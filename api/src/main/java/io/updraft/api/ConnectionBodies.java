package io.updraft.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.updraft.core.connection.Connection;
import io.updraft.core.connection.InvalidConnectionException;
import io.updraft.core.json.Json;
import io.updraft.core.secrets.SecretIds;
import io.updraft.core.secrets.SecretMasker;
import io.updraft.core.secrets.SecretsStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Connections as the API shows and takes them. What is shown never holds the password, and extras
 * under sensitive keys ({@code api_key}, {@code client_secret}, ...) are masked; a masked value
 * sent back unchanged keeps the stored one, so a form can round-trip what it was shown.
 */
final class ConnectionBodies {
  static final Pattern CONN_ID = Pattern.compile("[A-Za-z0-9_.-]{1,250}");
  private static final TypeReference<LinkedHashMap<String, Object>> OBJECT =
      new TypeReference<>() {};

  private ConnectionBodies() {}

  /**
   * The fields a connection body may have: what {@link ConnectionJson} shows, so that a connection
   * read from the API can be sent back changed.
   */
  static final String[] FIELDS = {
    "connection_id",
    "conn_type",
    "description",
    "host",
    "login",
    "password",
    "schema",
    "port",
    "extra",
    "password_set"
  };

  /** A connection without its password; {@code password_set} tells whether it has one. */
  record ConnectionJson(
      String connectionId,
      String connType,
      String description,
      String host,
      String login,
      String schema,
      Integer port,
      Map<String, Object> extra,
      boolean passwordSet) {
    static ConnectionJson of(Connection c) {
      return new ConnectionJson(
          c.connId(),
          c.connType(),
          c.description(),
          c.host(),
          c.login(),
          c.schema(),
          c.port(),
          maskedExtra(c.extra()),
          c.password() != null);
    }
  }

  static Map<String, Object> maskedExtra(Map<String, Object> extra) {
    Map<String, Object> shown = new LinkedHashMap<>();
    extra.forEach(
        (k, v) ->
            shown.put(k, SecretMasker.isSensitiveKey(k) && v != null ? SecretMasker.MASK : v));
    return shown;
  }

  static void checkConnId(String connId) {
    if (connId == null || !CONN_ID.matcher(connId).matches()) {
      throw ApiProblem.badRequest(
          "'connection_id' must be 1 to 250 letters, digits, '_', '.' or '-'; got '"
              + connId
              + "'.");
    }
    // '.' and '..' fit the characters but no backend may ever be asked for them.
    String problem = SecretIds.problem(connId);
    if (problem != null) {
      throw ApiProblem.badRequest(
          "'connection_id' '"
              + connId
              + "' cannot be used: "
              + problem
              + ". Ids must have "
              + SecretIds.RULE
              + ".");
    }
  }

  /** Fails unless connections and variables can be stored encrypted. */
  static void requireKey(SecretsStore metastore) {
    if (!metastore.canEncrypt()) {
      throw new ApiProblem(
          io.javalin.http.HttpStatus.CONFLICT,
          "No Fernet key is set, and connections and variables are stored only encrypted. Set"
              + " secrets.fernet_key (UPDRAFT_SECRETS__FERNET_KEY; 'updraft fernet generate'"
              + " prints one) and restart the API server.");
    }
  }

  /**
   * The connection a body describes: fields it names replace those of {@code current} (null when
   * creating); fields it leaves out keep theirs.
   */
  static Connection merge(String connId, JsonNode body, Connection current) {
    String connType = text(body, "conn_type", current == null ? null : current.connType());
    if (connType == null || connType.isBlank()) {
      throw ApiProblem.badRequest(
          "'conn_type' is required, e.g. \"postgres\" or \"http\"; GET /api/v1/connections lists"
              + " existing connections.");
    }
    Integer port = current == null ? null : current.port();
    if (body.has("port")) {
      JsonNode p = body.get("port");
      if (p.isNull() || (p.isTextual() && p.asText().isBlank())) {
        port = null;
      } else if (p.isIntegralNumber() || (p.isTextual() && p.asText().matches("\\d{1,5}"))) {
        port = p.asInt();
      } else {
        throw ApiProblem.badRequest(
            "'port' must be a whole number from 0 to 65535; got " + p + ".");
      }
    }
    String password = current == null ? null : current.password();
    if (body.has("password")) {
      password = body.get("password").isNull() ? null : body.get("password").asText();
    }
    Map<String, Object> extra =
        body.has("extra")
            ? extra(body.get("extra"), current == null ? Map.of() : current.extra())
            : current == null ? Map.of() : current.extra();
    try {
      return new Connection(
          connId,
          connType,
          text(body, "description", current == null ? null : current.description()),
          text(body, "host", current == null ? null : current.host()),
          text(body, "login", current == null ? null : current.login()),
          password,
          text(body, "schema", current == null ? null : current.schema()),
          port,
          extra);
    } catch (InvalidConnectionException e) {
      throw ApiProblem.badRequest("'port': " + e.getMessage() + ".");
    }
  }

  /** An extra given as an object or as a JSON string (as Airflow's API takes it). */
  private static Map<String, Object> extra(JsonNode node, Map<String, Object> current) {
    if (node.isNull() || (node.isTextual() && node.asText().isBlank())) {
      return Map.of();
    }
    Map<String, Object> given;
    try {
      given =
          node.isObject()
              ? Json.MAPPER.convertValue(node, OBJECT)
              : Json.MAPPER.readValue(node.asText(), OBJECT);
    } catch (IllegalArgumentException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw ApiProblem.badRequest(
          "'extra' must be a JSON object such as {\"sslmode\": \"require\"}.");
    }
    Map<String, Object> merged = new LinkedHashMap<>();
    given.forEach(
        (k, v) ->
            merged.put(
                k, SecretMasker.MASK.equals(v) && current.containsKey(k) ? current.get(k) : v));
    return merged;
  }

  private static String text(JsonNode body, String field, String current) {
    if (!body.has(field)) {
      return current;
    }
    JsonNode v = body.get(field);
    if (v.isNull()) {
      return null;
    }
    if (!v.isValueNode() || v.isBinary()) {
      throw ApiProblem.badRequest("'" + field + "' must be a string; got " + v.getNodeType() + ".");
    }
    return v.asText().isEmpty() ? null : v.asText();
  }
}

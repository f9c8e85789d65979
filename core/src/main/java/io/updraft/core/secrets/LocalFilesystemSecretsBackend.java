package io.updraft.core.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.updraft.core.connection.Connection;
import io.updraft.core.connection.InvalidConnectionException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Connections and variables from local files ({@code file} in {@code secrets.order}), read on each
 * lookup so an edited file takes effect at once (the chain's cache bounds how often). A connection
 * is a URI string or a mapping of its fields ({@code extra} as a mapping or a JSON string); a
 * variable is any value, returned as text (JSON for structured values).
 */
public final class LocalFilesystemSecretsBackend implements SecretsBackend {
  private final Path connections;
  private final Path variables;

  /** Either path may be null: that kind is then never found here. */
  public LocalFilesystemSecretsBackend(Path connections, Path variables) {
    this.connections = connections;
    this.variables = variables;
  }

  @Override
  public String name() {
    return "file";
  }

  @Override
  public Optional<Connection> connection(String connId) {
    if (connections == null) {
      return Optional.empty();
    }
    SecretFile.Entry entry = SecretFile.read(connections).get(connId);
    if (entry == null) {
      return Optional.empty();
    }
    JsonNode value = single(entry);
    if (value.isTextual()) {
      return Optional.of(Connection.parse(connId, value.asText(), entry.where()));
    }
    if (value instanceof ObjectNode fields) {
      return Optional.of(fromFields(connId, fields, entry.where()));
    }
    throw new InvalidConnectionException(
        "Connection '"
            + connId
            + "' at "
            + entry.where()
            + " must be a URI string or a mapping of connection fields");
  }

  private static Connection fromFields(String connId, ObjectNode fields, String where) {
    ObjectNode copy = fields.deepCopy();
    // Airflow's files also accept extra_dejson: the extra as a mapping.
    JsonNode extraDejson = copy.remove("extra_dejson");
    if (extraDejson != null) {
      if (copy.has("extra")) {
        throw new InvalidConnectionException(
            "Connection '" + connId + "' at " + where + " has both extra and extra_dejson");
      }
      copy.set("extra", extraDejson);
    }
    JsonNode id = copy.remove("conn_id");
    if (id != null && !id.asText().equals(connId)) {
      throw new InvalidConnectionException(
          "Connection '"
              + connId
              + "' at "
              + where
              + " has a different conn_id '"
              + id.asText()
              + "'");
    }
    return Connection.parse(connId, copy.toString(), where);
  }

  @Override
  public Optional<String> variable(String key) {
    if (variables == null) {
      return Optional.empty();
    }
    SecretFile.Entry entry = SecretFile.read(variables).get(key);
    if (entry == null) {
      return Optional.empty();
    }
    JsonNode value = single(entry);
    return Optional.of(value.isValueNode() ? value.asText() : value.toString());
  }

  /** Airflow allows a one-element list for a value; more than one is ambiguous. */
  private static JsonNode single(SecretFile.Entry entry) {
    JsonNode value = entry.value();
    if (value.isArray()) {
      if (value.size() != 1) {
        throw new IllegalStateException(
            entry.where() + ": " + value.size() + " values for one key; expected exactly one");
      }
      return value.get(0);
    }
    return value;
  }

  /** Every connection id in the file (for {@code connections list} and imports). */
  public Map<String, Connection> allConnections() {
    Map<String, Connection> result = new LinkedHashMap<>();
    if (connections != null) {
      for (String id : SecretFile.read(connections).keySet()) {
        connection(id).ifPresent(c -> result.put(id, c));
      }
    }
    return result;
  }

  /** Every variable in the file. */
  public Map<String, String> allVariables() {
    Map<String, String> result = new LinkedHashMap<>();
    if (variables != null) {
      for (String key : SecretFile.read(variables).keySet()) {
        variable(key).ifPresent(v -> result.put(key, v));
      }
    }
    return result;
  }
}

package io.updraft.hooks.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.updraft.core.connection.Connection;
import io.updraft.core.connection.InvalidConnectionException;
import io.updraft.core.secrets.ConnectionSecrets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A connection stored as one string in an AWS secret or parameter, read as Airflow's AWS backends
 * do: a URI, or a JSON object whose keys may use the usual aliases ({@code user}/{@code username}
 * for login, {@code pass} for password, {@code database} for schema, {@code engine} for conn_type,
 * ...).
 */
final class AwsConnectionValues {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Airflow's accepted spellings of each connection field in a JSON secret. */
  private static final Map<String, List<String>> ALIASES =
      Map.of(
          "password", List.of("password", "pass", "key"),
          "login", List.of("login", "user", "username", "user_name"),
          "host", List.of("host", "remote_host", "server"),
          "port", List.of("port"),
          "schema", List.of("schema", "database"),
          "conn_type", List.of("conn_type", "connection_type", "engine"),
          "extra", List.of("extra"),
          "description", List.of("description"));

  private AwsConnectionValues() {}

  /**
   * @param where names the secret or parameter in errors, e.g. {@code AWS secret
   *     updraft/connections/db}
   */
  static Connection toConnection(String connId, String value, String where) {
    String trimmed = value.strip();
    if (!trimmed.startsWith("{")) {
      return Connection.parse(connId, trimmed, where);
    }
    Map<String, Object> raw;
    try {
      raw = JSON.readValue(trimmed, new TypeReference<LinkedHashMap<String, Object>>() {});
    } catch (JsonProcessingException e) {
      throw new InvalidConnectionException(
          "Connection '"
              + connId
              + "' from "
              + where
              + " is not a valid JSON object (line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ")");
    }
    return ConnectionSecrets.fromFields(connId, standardize(raw), where);
  }

  /**
   * Renames aliased keys to the model's and, as Airflow, drops the rest: secrets made by other
   * tools (RDS adds dbInstanceIdentifier, ...) still read as connections.
   */
  private static Map<String, Object> standardize(Map<String, Object> raw) {
    Map<String, Object> fields = new LinkedHashMap<>();
    raw.forEach(
        (key, value) -> {
          String lower = key.toLowerCase(Locale.ROOT);
          String field =
              ALIASES.entrySet().stream()
                  .filter(e -> e.getValue().contains(lower))
                  .map(Map.Entry::getKey)
                  .findFirst()
                  .orElse(lower.equals("conn_uri") ? "conn_uri" : null);
          if (field != null) {
            fields.putIfAbsent(field, value);
          }
        });
    return fields;
  }
}

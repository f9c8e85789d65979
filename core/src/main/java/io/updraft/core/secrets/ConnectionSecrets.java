package io.updraft.core.secrets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.updraft.core.connection.Connection;
import io.updraft.core.connection.InvalidConnectionException;
import java.util.Map;

/**
 * A connection kept by a secrets manager as a set of key/value fields: either one {@code conn_uri}
 * key holding the URI form, or the connection's own fields ({@code conn_type}, {@code host}, ...).
 */
public final class ConnectionSecrets {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ConnectionSecrets() {}

  public static Connection fromFields(String connId, Map<String, ?> fields, String where) {
    Object uri = fields.get("conn_uri");
    if (uri != null) {
      return Connection.parse(connId, uri.toString(), where + " (key conn_uri)");
    }
    try {
      return Connection.parse(connId, JSON.writeValueAsString(fields), where);
    } catch (JsonProcessingException e) {
      throw new InvalidConnectionException(
          "Connection '" + connId + "' from " + where + " cannot be read as fields", e);
    }
  }
}

package io.updraft.core.connection;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to reach an external system, with Airflow's fields. A task refers to it by {@code connId};
 * the value comes from a secrets backend. Read and written in Airflow's URI form ({@link #fromUri},
 * {@link #toUri}) and JSON form ({@link #fromJson}, {@link #toJson}).
 *
 * <p>An empty password is no password, as in Airflow. {@link #toString()} never shows the password
 * nor any extra value: records are logged, passwords must not be.
 *
 * @param extra provider-specific settings, a JSON object (never null; empty when there are none)
 */
public record Connection(
    String connId,
    String connType,
    String description,
    String host,
    String login,
    String password,
    String schema,
    Integer port,
    Map<String, Object> extra) {

  public Connection {
    password = password == null || password.isEmpty() ? null : password;
    if (port != null && (port < 0 || port > 65535)) {
      throw new InvalidConnectionException(
          "Connection '" + connId + "': port " + port + " is out of range 0-65535");
    }
    // Not Map.copyOf: JSON extras may hold nulls, and the order written is the order read.
    extra =
        extra == null || extra.isEmpty()
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
  }

  /**
   * Reads Airflow's URI form, e.g. {@code postgres://user:p%40ss@db:5432/sales?sslmode=require}.
   */
  public static Connection fromUri(String connId, String uri) {
    return ConnectionUri.parse(connId, uri, "the URI");
  }

  /** Reads Airflow's JSON form, e.g. {@code {"conn_type": "postgres", "host": "db", ...}}. */
  public static Connection fromJson(String connId, String json) {
    return ConnectionJson.parse(connId, json, "the JSON");
  }

  /**
   * Reads a value in either form, as Airflow's environment and secrets backends do: JSON when it
   * starts with <code>{</code>, a URI otherwise.
   *
   * @param where where the value came from (an environment variable, a file and line), for errors
   */
  public static Connection parse(String connId, String value, String where) {
    if (value == null || value.isBlank()) {
      throw new InvalidConnectionException(
          "Connection '" + connId + "' from " + where + " is empty; expected a URI or JSON object");
    }
    String trimmed = value.strip();
    return trimmed.startsWith("{")
        ? ConnectionJson.parse(connId, trimmed, where)
        : ConnectionUri.parse(connId, trimmed, where);
  }

  /** Airflow's URI form, as its {@code get_uri()} writes it; {@link #fromUri} reads it back. */
  public String toUri() {
    return ConnectionUri.format(this);
  }

  /** Airflow's JSON form (without conn_id, without empty fields), as {@code as_json()}. */
  public String toJson() {
    return ConnectionJson.format(this);
  }

  /**
   * Every field under its JSON name, unset ones as null, in the model's order: what {@code
   * connections get -o json} prints.
   */
  public Map<String, Object> fields() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("conn_id", connId);
    map.put("conn_type", connType);
    map.put("description", description);
    map.put("host", host);
    map.put("login", login);
    map.put("password", password);
    map.put("schema", schema);
    map.put("port", port);
    map.put("extra", extra);
    return map;
  }

  public Connection withConnId(String newConnId) {
    return new Connection(
        newConnId, connType, description, host, login, password, schema, port, extra);
  }

  public Connection withPassword(String newPassword) {
    return new Connection(
        connId, connType, description, host, login, newPassword, schema, port, extra);
  }

  public Connection withExtra(Map<String, Object> newExtra) {
    return new Connection(
        connId, connType, description, host, login, password, schema, port, newExtra);
  }

  /** The extra value under {@code key} as text, or null. */
  public String extraString(String key) {
    Object value = extra.get(key);
    return value == null ? null : value.toString();
  }

  @Override
  public String toString() {
    return "Connection[connId="
        + connId
        + ", connType="
        + connType
        + ", host="
        + host
        + ", login="
        + login
        + ", password="
        + (password == null ? "null" : "***")
        + ", schema="
        + schema
        + ", port="
        + port
        + ", extra="
        + extra.keySet()
        + "]";
  }
}

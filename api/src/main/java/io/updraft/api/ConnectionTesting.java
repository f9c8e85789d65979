package io.updraft.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.HttpStatus;
import io.updraft.core.connection.Connection;
import io.updraft.core.hook.HookTestResult;
import io.updraft.core.hook.Hooks;
import io.updraft.core.secrets.SecretsStore;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules of a connection test, for the API and the UI alike. A test makes this server connect
 * wherever the connection points, with the connection's credentials, so:
 *
 * <ul>
 *   <li>it is off unless {@code api.connection_test} is true, and only admins may run it (the route
 *       table says so);
 *   <li>a stored connection is tested exactly as stored: a body that names a stored conn id and
 *       also sets a field is refused, since it could send the stored password to another host;
 *   <li>an unsaved connection is tested with what the body gives and nothing stored.
 * </ul>
 */
final class ConnectionTesting {
  record TestResult(boolean status, String message) {}

  private final SecretsStore metastore;
  private final Hooks hooks;
  private final boolean enabled;

  ConnectionTesting(SecretsStore metastore, Hooks hooks, boolean enabled) {
    this.metastore = metastore;
    this.hooks = hooks;
    this.enabled = enabled;
  }

  boolean enabled() {
    return enabled;
  }

  /** Fails with 403, saying how to turn tests on, unless they are on. */
  void requireEnabled() {
    if (!enabled) {
      throw new ApiProblem(
          HttpStatus.FORBIDDEN,
          "Connection tests are turned off on this server: a test connects from the server to"
              + " wherever the connection points. To allow admins to run them, set"
              + " api.connection_test: true (UPDRAFT_API__CONNECTION_TEST=true) and restart the"
              + " API server.");
    }
  }

  /** The connection a test body describes (see the class comment). */
  Connection fromBody(JsonNode body) {
    JsonNode id = body.get("connection_id");
    if (id == null || id.isNull()) {
      return ConnectionBodies.merge("test_connection", body, null);
    }
    String connId = id.asText();
    ConnectionBodies.checkConnId(connId);
    if (metastore.connection(connId).isEmpty()) {
      return ConnectionBodies.merge(connId, body, null);
    }
    List<String> others = new ArrayList<>();
    body.fieldNames().forEachRemaining(f -> others.add(f));
    others.remove("connection_id");
    if (!others.isEmpty()) {
      throw ApiProblem.badRequest(
          "Connection '"
              + connId
              + "' is stored, so a test of it uses the stored connection only, but the body also"
              + " sets "
              + others
              + ". Send only {\"connection_id\": \""
              + connId
              + "\"} to test it as stored, or another connection_id (not stored) with every field"
              + " to test an unsaved connection.");
    }
    return stored(connId);
  }

  Connection stored(String connId) {
    return metastore
        .connection(connId)
        .orElseThrow(
            () ->
                ApiProblem.notFound(
                    "Connection '"
                        + connId
                        + "' is not in the metastore. GET /api/v1/connections lists the"
                        + " connections."));
  }

  TestResult test(Connection connection) {
    requireEnabled();
    if (hooks.factory(connection.connType()).isEmpty()) {
      return new TestResult(
          false,
          "No hook is installed for conn type '"
              + connection.connType()
              + "', so it cannot be tested; installed types: "
              + hooks.factories().stream().flatMap(f -> f.connTypes().stream()).sorted().toList());
    }
    HookTestResult result = hooks.test(connection);
    return new TestResult(result.ok(), result.message());
  }
}

package io.updraft.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.updraft.api.ConnectionBodies.ConnectionJson;
import io.updraft.core.connection.Connection;
import io.updraft.core.hook.Hook;
import io.updraft.core.hook.HookTestResult;
import io.updraft.core.hook.Hooks;
import io.updraft.sql.PostgresSecretsBackend;
import java.util.List;

/**
 * {@code /api/v1/connections}: the metastore's connections, and a test that opens the conn type's
 * hook. No response ever carries a password.
 */
final class ConnectionsHandler {
  record ConnectionList(List<ConnectionJson> connections, int totalEntries) {}

  record TestResult(boolean status, String message) {}

  private final PostgresSecretsBackend metastore;
  private final Hooks hooks;

  ConnectionsHandler(PostgresSecretsBackend metastore, Hooks hooks) {
    this.metastore = metastore;
    this.hooks = hooks;
  }

  void list(Context ctx) {
    int limit = Paging.limit(ctx);
    int offset = Paging.offset(ctx);
    List<ConnectionJson> all = metastore.connections().stream().map(ConnectionJson::of).toList();
    ctx.json(
        new ConnectionList(
            all.subList(Math.min(offset, all.size()), Math.min(offset + limit, all.size())),
            all.size()));
  }

  void get(Context ctx) {
    ctx.json(ConnectionJson.of(connection(ctx.pathParam("connection_id"))));
  }

  void create(Context ctx) {
    JsonNode body = JsonBodies.object(ctx);
    String connId = body.path("connection_id").asText(null);
    ConnectionBodies.checkConnId(connId);
    ConnectionBodies.requireKey(metastore);
    if (metastore.connection(connId).isPresent()) {
      throw new ApiProblem(
          HttpStatus.CONFLICT,
          "Connection '"
              + connId
              + "' already exists; PATCH /api/v1/connections/"
              + connId
              + " changes it.");
    }
    Connection created = ConnectionBodies.merge(connId, body, null);
    metastore.put(created);
    ctx.status(HttpStatus.CREATED).json(ConnectionJson.of(created));
  }

  void patch(Context ctx) {
    Connection current = connection(ctx.pathParam("connection_id"));
    JsonNode body = JsonBodies.object(ctx);
    if (body.has("connection_id") && !current.connId().equals(body.get("connection_id").asText())) {
      throw ApiProblem.badRequest(
          "'connection_id' cannot be changed; create a new connection and delete this one.");
    }
    ConnectionBodies.requireKey(metastore);
    Connection changed = ConnectionBodies.merge(current.connId(), body, current);
    metastore.put(changed);
    ctx.json(ConnectionJson.of(changed));
  }

  void delete(Context ctx) {
    String connId = ctx.pathParam("connection_id");
    if (!metastore.deleteConnection(connId)) {
      throw notFound(connId);
    }
    ctx.status(HttpStatus.NO_CONTENT);
  }

  /**
   * Tests a connection given in the body, as Airflow does; a body naming only a stored {@code
   * connection_id} tests the stored connection, and other fields given override its own.
   */
  void test(Context ctx) {
    JsonNode body = JsonBodies.object(ctx);
    String connId = body.path("connection_id").asText("test_connection");
    ConnectionBodies.checkConnId(connId);
    Connection stored = metastore.connection(connId).orElse(null);
    Connection connection = ConnectionBodies.merge(connId, body, stored);
    ctx.json(test(hooks, connection));
  }

  static TestResult test(Hooks hooks, Connection connection) {
    if (hooks.factory(connection.connType()).isEmpty()) {
      return new TestResult(
          false,
          "No hook is installed for conn type '"
              + connection.connType()
              + "', so it cannot be tested; installed types: "
              + hooks.factories().stream().flatMap(f -> f.connTypes().stream()).sorted().toList());
    }
    HookTestResult result;
    try (Hook hook = hooks.open(connection)) {
      result = hook.test();
    } catch (RuntimeException e) {
      result = HookTestResult.failed(e);
    }
    return new TestResult(result.ok(), result.message());
  }

  private Connection connection(String connId) {
    return metastore.connection(connId).orElseThrow(() -> notFound(connId));
  }

  private static ApiProblem notFound(String connId) {
    return ApiProblem.notFound(
        "Connection '"
            + connId
            + "' is not in the metastore. GET /api/v1/connections lists the connections.");
  }
}

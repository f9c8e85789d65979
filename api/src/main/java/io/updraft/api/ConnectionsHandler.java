package io.updraft.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.updraft.api.ConnectionBodies.ConnectionJson;
import io.updraft.core.connection.Connection;
import io.updraft.core.secrets.SecretsStore;
import java.util.List;

/**
 * {@code /api/v1/connections}: the metastore's connections, and a test that opens the conn type's
 * hook. No response ever carries a password.
 */
final class ConnectionsHandler {
  record ConnectionList(List<ConnectionJson> connections, int totalEntries) {}

  private final SecretsStore metastore;
  private final ConnectionTesting testing;

  ConnectionsHandler(SecretsStore metastore, ConnectionTesting testing) {
    this.metastore = metastore;
    this.testing = testing;
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
    JsonNode body = JsonBodies.object(ctx, ConnectionBodies.FIELDS);
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
    JsonNode body = JsonBodies.object(ctx, ConnectionBodies.FIELDS);
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
   * Tests a connection given in the body, as Airflow does, under the rules of {@link
   * ConnectionTesting}: a stored connection as stored, an unsaved one as the body gives it.
   */
  void test(Context ctx) {
    testing.requireEnabled();
    JsonNode body = JsonBodies.object(ctx, ConnectionBodies.FIELDS);
    ctx.json(testing.test(testing.fromBody(body)));
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

package io.updraft.api;

import java.util.HashMap;
import java.util.Map;

/**
 * The event name of each mutating route, keyed by "METHOD path" as the route table declares it. A
 * mutating route missing here is still recorded, under its "METHOD path": a new action cannot go
 * unrecorded, only unnamed.
 */
final class AuditedRoutes {
  private static final String DAG = "/api/v1/dags/{dag_id}";
  private static final String RUN = DAG + "/dagRuns/{dag_run_id}";
  private static final Map<String, AuditedRoute> ROUTES = new HashMap<>();

  static {
    // The UI's forms.
    put("POST /dags/{dag_id}/paused", AuditedRoute.choosing("paused", "pause", "unpause"));
    put("POST /dags/{dag_id}/trigger", AuditedRoute.of("trigger").sentOnly("conf"));
    put("POST /dags/{dag_id}/runs/{dag_run_id}/clear", AuditedRoute.of("clear"));
    put("POST /dags/{dag_id}/runs/{dag_run_id}/mark", AuditedRoute.of("mark", "state"));
    put("POST /dags/{dag_id}/runs/{dag_run_id}/tasks/{task_id}/clear", AuditedRoute.of("clear"));
    put("POST /connections", connection("connection.create"));
    put("POST /connections/{connection_id}", connection("connection.update"));
    put("POST /connections/{connection_id}/delete", AuditedRoute.of("connection.delete"));
    put("POST /connections/{connection_id}/test", AuditedRoute.of("connection.test"));
    put("POST /variables", AuditedRoute.of("variable.create", "key").sentOnly("value"));
    put("POST /variables/{key}", AuditedRoute.of("variable.update").sentOnly("value"));
    put("POST /variables/{key}/delete", AuditedRoute.of("variable.delete"));

    // The API.
    put("PATCH " + DAG, AuditedRoute.choosing("is_paused", "pause", "unpause"));
    put("POST " + DAG + "/dagRuns", AuditedRoute.of("trigger").sentOnly("conf", "logical_date"));
    put("POST " + DAG + "/clearTaskInstances", AuditedRoute.of("clear", "task_ids"));
    put("PATCH " + RUN, AuditedRoute.of("mark", "state"));
    put("POST " + RUN + "/clear", AuditedRoute.of("clear", "dry_run"));
    put("PATCH " + RUN + "/taskInstances/{task_id}", AuditedRoute.of("mark", "new_state"));
    put("POST /api/v1/auth/token", AuditedRoute.of("token.mint", "expires_in_days"));
    put("POST /api/v1/users", user("user.create"));
    put("PATCH /api/v1/users/{username}", user("user.update"));
    put("DELETE /api/v1/users/{username}", AuditedRoute.of("user.delete"));
    put("DELETE /api/v1/users/{username}/tokens/{token_id}", AuditedRoute.of("token.revoke"));
    put("POST /api/v1/pools", AuditedRoute.of("pool.create", "name", "slots"));
    put("PATCH /api/v1/pools/{pool_name}", AuditedRoute.of("pool.update", "slots"));
    put("DELETE /api/v1/pools/{pool_name}", AuditedRoute.of("pool.delete"));
    put("POST /api/v1/assets/events", AuditedRoute.of("asset.event", "uri").sentOnly("extra"));
    put("POST /api/v1/connections", connection("connection.create"));
    put("POST /api/v1/connections/test", connection("connection.test"));
    put("PATCH /api/v1/connections/{connection_id}", connection("connection.update"));
    put("DELETE /api/v1/connections/{connection_id}", AuditedRoute.of("connection.delete"));
    put("POST /api/v1/variables", AuditedRoute.of("variable.create", "key").sentOnly("value"));
    put("PATCH /api/v1/variables/{key}", AuditedRoute.of("variable.update").sentOnly("value"));
    put("DELETE /api/v1/variables/{key}", AuditedRoute.of("variable.delete"));
  }

  private AuditedRoutes() {}

  /** Login and logout change only the caller's own session; the sign-in throttle logs failures. */
  static boolean audited(String route) {
    return !route.equals("POST /login") && !route.equals("POST /logout");
  }

  static AuditedRoute of(String route) {
    AuditedRoute known = ROUTES.get(route);
    return known != null ? known : AuditedRoute.of(route);
  }

  private static AuditedRoute connection(String event) {
    return AuditedRoute.of(event, "connection_id", "conn_type")
        .sentOnly("host", "login", "password", "schema", "port", "extra", "uri");
  }

  private static AuditedRoute user(String event) {
    return AuditedRoute.of(event, "username", "role", "enabled").sentOnly("password");
  }

  private static void put(String route, AuditedRoute audited) {
    ROUTES.put(route, audited);
  }
}

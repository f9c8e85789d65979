package io.updraft.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.updraft.core.audit.AuditEvent;
import io.updraft.core.audit.EventLog;
import io.updraft.core.input.UntrustedJson;
import io.updraft.core.json.Json;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the audit log of the UI and the API in one place: after every request with a mutating
 * method that succeeded, whichever handler served it, so a new action cannot forget it. What it
 * records comes from the path (ids), from the fields {@link AuditedRoutes} names, and from what a
 * handler added with {@link #note}; never from the rest of a body, which may hold secrets.
 */
final class AuditTrail {
  private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);
  private static final String NOTES = "updraft.audit.notes";
  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
  private static final Set<String> ID_PARAMS = Set.of("dag_id", "dag_run_id", "task_id");

  private final EventLog log;
  private final Clock clock;

  AuditTrail(EventLog log, Clock clock) {
    this.log = log;
    this.clock = clock;
  }

  /**
   * Adds {@code value} to the event this request will record: {@code dag_id}, {@code run_id} and
   * {@code task_id} fill those columns, other names go to its extra. Never pass a secret.
   */
  static void note(Context ctx, String name, Object value) {
    Map<String, Object> notes = ctx.attribute(NOTES);
    if (notes == null) {
      notes = new LinkedHashMap<>();
      ctx.attribute(NOTES, notes);
    }
    notes.put(name, value);
  }

  void after(Context ctx) {
    if (SAFE_METHODS.contains(ctx.method().name()) || ctx.status().getCode() >= 400) {
      return;
    }
    Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
    Caller caller = Caller.of(ctx);
    if (endpoint == null || caller == null) {
      return;
    }
    String route = endpoint.method.name() + " " + endpoint.path;
    if (!AuditedRoutes.audited(route)) {
      return;
    }
    try {
      log.record(event(ctx, route, caller));
    } catch (RuntimeException e) {
      // The change is made and answered; a lost audit row must be seen by whoever runs the server.
      LOG.error("Could not write the audit log for {} by {}", route, caller.user().username(), e);
    }
  }

  private AuditEvent event(Context ctx, String route, Caller caller) {
    AuditedRoute audited = AuditedRoutes.of(route);
    boolean api = Authentication.isApi(ctx);
    Map<String, Object> extra = new LinkedHashMap<>();
    Map<String, String> ids = new LinkedHashMap<>();
    ctx.pathParamMap()
        .forEach(
            (name, value) -> {
              if (ID_PARAMS.contains(name)) {
                ids.put(name, value);
              } else {
                extra.put(name, value);
              }
            });
    JsonNode body = api ? body(ctx) : null;
    Map<String, Object> fields = fields(ctx, body, api, audited);
    extra.putAll(fields);
    List<String> given = new ArrayList<>();
    for (String name : audited.sent()) {
      if (sent(ctx, body, api, name)) {
        given.add(name);
      }
    }
    if (!given.isEmpty()) {
      extra.put("given", given);
    }
    Map<String, Object> notes = ctx.attribute(NOTES);
    if (notes != null) {
      notes.forEach(
          (name, value) -> {
            if (name.equals("dag_id") || name.equals("run_id") || name.equals("task_id")) {
              ids.put(name.equals("run_id") ? "dag_run_id" : name, String.valueOf(value));
            } else {
              extra.put(name, value);
            }
          });
    }
    return new AuditEvent(
        0,
        clock.instant(),
        caller.user().username(),
        audited.eventFor(fields),
        ids.get("dag_id"),
        ids.get("dag_run_id"),
        ids.get("task_id"),
        api ? "api" : "ui",
        ctx.ip(),
        extra);
  }

  /** The route's copied fields, from the form or the JSON body, as the handler read them. */
  private static Map<String, Object> fields(
      Context ctx, JsonNode body, boolean api, AuditedRoute audited) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (String name : audited.copied()) {
      if (api) {
        JsonNode node = body == null ? null : body.get(name);
        if (node != null && !node.isNull()) {
          fields.put(name, Json.MAPPER.convertValue(node, Object.class));
        }
      } else if (ctx.formParam(name) != null) {
        fields.put(name, ctx.formParam(name));
      }
    }
    return fields;
  }

  private static boolean sent(Context ctx, JsonNode body, boolean api, String name) {
    if (!api) {
      String value = ctx.formParam(name);
      return value != null && !value.isEmpty();
    }
    return body != null && body.has(name) && !body.get(name).isNull();
  }

  /** The body the handler accepted; null when it was empty or not a JSON object. */
  private static JsonNode body(Context ctx) {
    String text = ctx.body();
    String type = ctx.contentType();
    if (text.isBlank() || type == null || !type.startsWith("application/json")) {
      return null;
    }
    JsonNode node = UntrustedJson.readTree(text, "The request body");
    return node.isObject() ? node : null;
  }
}

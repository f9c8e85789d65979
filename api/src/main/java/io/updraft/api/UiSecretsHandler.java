package io.updraft.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.updraft.api.view.ConnectionFormView;
import io.updraft.api.view.ConnectionsView;
import io.updraft.api.view.VariableFormView;
import io.updraft.api.view.VariablesView;
import io.updraft.core.connection.Connection;
import io.updraft.core.hook.ConnectionField;
import io.updraft.core.hook.HookFactory;
import io.updraft.core.hook.Hooks;
import io.updraft.core.json.Json;
import io.updraft.core.secrets.SecretMasker;
import io.updraft.core.secrets.SecretsStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The UI's connections and variables pages and forms. No page shows a password or a secret extra:
 * secret inputs are never filled in, and left empty they keep the stored value. Forms post and
 * redirect (post/redirect/get); {@link Authentication} checks their CSRF tokens first.
 */
final class UiSecretsHandler {
  private static final String EXTRA = "extra.";
  private static final List<ConnectionField> PLAIN_FIELDS =
      List.of(
          ConnectionField.of("host", "Host", ""),
          ConnectionField.of("login", "Login", ""),
          ConnectionField.secret("password", "Password", ""),
          ConnectionField.of("schema", "Schema", ""),
          ConnectionField.of("port", "Port", ""));

  private final SecretsStore metastore;
  private final Hooks hooks;
  private final Templates templates;
  private final ConnectionTesting testing;

  UiSecretsHandler(
      SecretsStore metastore, Hooks hooks, Templates templates, ConnectionTesting testing) {
    this.metastore = metastore;
    this.hooks = hooks;
    this.templates = templates;
    this.testing = testing;
  }

  void connections(Context ctx) {
    connectionsPage(ctx, "", false);
  }

  private void connectionsPage(Context ctx, String message, boolean ok) {
    List<ConnectionsView.ConnectionRow> rows =
        metastore.connections().stream()
            .map(
                c ->
                    new ConnectionsView.ConnectionRow(
                        c.connId(),
                        c.connType(),
                        c.description(),
                        c.host(),
                        c.login(),
                        c.password() != null,
                        c.schema(),
                        c.port() == null ? "" : c.port().toString(),
                        c.extra().isEmpty()
                            ? ""
                            : Json.write(ConnectionBodies.maskedExtra(c.extra())),
                        connectionHref(c.connId())))
            .toList();
    templates.html(
        ctx,
        "connections.jte",
        new ConnectionsView(
            UiHandler.layout(ctx, "Connections"), rows, message, ok, testing.enabled()));
  }

  void newConnection(Context ctx) {
    String type = Optional.ofNullable(ctx.queryParam("conn_type")).orElse(defaultType());
    templates.html(ctx, "connection_form.jte", form(ctx, true, "/connections", type, null));
  }

  void editConnection(Context ctx) {
    Connection c = connection(ctx.pathParam("connection_id"));
    templates.html(
        ctx, "connection_form.jte", form(ctx, false, connectionHref(c.connId()), c.connType(), c));
  }

  void createConnection(Context ctx) {
    String connId = ctx.formParam("connection_id");
    ConnectionBodies.checkConnId(connId);
    if (metastore.connection(connId).isPresent()) {
      throw new ApiProblem(
          HttpStatus.CONFLICT,
          "Connection '" + connId + "' already exists. Go back and pick another conn id.");
    }
    save(ctx, connId, null);
  }

  void updateConnection(Context ctx) {
    save(ctx, null, connection(ctx.pathParam("connection_id")));
  }

  void deleteConnection(Context ctx) {
    metastore.deleteConnection(connection(ctx.pathParam("connection_id")).connId());
    ctx.redirect("/connections", HttpStatus.SEE_OTHER);
  }

  void testConnection(Context ctx) {
    testing.requireEnabled();
    Connection c = connection(ctx.pathParam("connection_id"));
    ConnectionTesting.TestResult result = testing.test(c);
    connectionsPage(
        ctx,
        "Connection '"
            + c.connId()
            + "': "
            + (result.status() ? "" : "failed: ")
            + result.message(),
        result.status());
  }

  private void save(Context ctx, String newId, Connection current) {
    ConnectionBodies.requireKey(metastore);
    String connId = current == null ? newId : current.connId();
    String type = ctx.formParam("conn_type");
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("conn_type", type);
    body.put("description", ctx.formParam("description"));
    String extraText = ctx.formParam("extra");
    ObjectNode extra =
        extraText == null || extraText.isBlank()
            ? Json.MAPPER.createObjectNode()
            : extraObject(extraText);
    for (ConnectionField f : fields(type)) {
      String value = ctx.formParam(f.name());
      boolean keep = f.secret() && (value == null || value.isEmpty());
      if (f.name().startsWith(EXTRA)) {
        String key = f.name().substring(EXTRA.length());
        if (keep && current != null && current.extra().containsKey(key)) {
          extra.put(key, SecretMasker.MASK);
        } else if (value != null && !value.isEmpty()) {
          extra.put(key, value);
        }
      } else if (!keep) {
        body.put(f.name(), value);
      }
    }
    body.set("extra", extra);
    metastore.put(ConnectionBodies.merge(connId, body, current));
    ctx.redirect("/connections", HttpStatus.SEE_OTHER);
  }

  private static ObjectNode extraObject(String text) {
    try {
      if (Json.MAPPER.readTree(text) instanceof ObjectNode o) {
        return o;
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      // falls through to the problem below
    }
    throw ApiProblem.badRequest(
        "'extra' must be a JSON object such as {\"sslmode\": \"require\"}. Go back and correct it.");
  }

  private ConnectionFormView form(
      Context ctx, boolean isNew, String action, String type, Connection c) {
    List<ConnectionFormView.ConnType> types =
        hooks.factories().stream()
            .map(f -> new ConnectionFormView.ConnType(firstType(f), f.displayName()))
            .sorted((a, b) -> a.name().compareTo(b.name()))
            .toList();
    List<ConnectionFormView.Field> fields = new ArrayList<>();
    Map<String, Object> otherExtras =
        new LinkedHashMap<>(c == null ? Map.of() : ConnectionBodies.maskedExtra(c.extra()));
    for (ConnectionField f : fields(type)) {
      String value = "";
      if (f.name().startsWith(EXTRA)) {
        Object v = otherExtras.remove(f.name().substring(EXTRA.length()));
        value = v == null ? "" : String.valueOf(v);
      } else if (c != null && !f.secret()) {
        value = plainField(c, f.name());
      }
      fields.add(
          new ConnectionFormView.Field(
              f.name(), f.label(), f.placeholder(), f.secret(), f.secret() ? "" : value));
    }
    String title = isNew ? "Add a connection" : "Connection " + c.connId();
    return new ConnectionFormView(
        UiHandler.layout(ctx, title),
        isNew,
        action,
        c == null ? "" : c.connId(),
        type,
        c == null ? "" : nonNull(c.description()),
        types,
        fields,
        otherExtras.isEmpty() ? "" : Json.write(otherExtras),
        hooks.factory(type).isPresent());
  }

  /** The fields the type's hook declares; the plain ones when no hook is installed for it. */
  private List<ConnectionField> fields(String type) {
    if (type == null || type.isBlank()) {
      return PLAIN_FIELDS;
    }
    return hooks.factory(type).map(HookFactory::fields).orElse(PLAIN_FIELDS);
  }

  private static String plainField(Connection c, String name) {
    Object v =
        switch (name) {
          case "host" -> c.host();
          case "login" -> c.login();
          case "schema" -> c.schema();
          case "port" -> c.port();
          default -> null;
        };
    return v == null ? "" : v.toString();
  }

  private String defaultType() {
    return hooks.factories().stream()
        .map(UiSecretsHandler::firstType)
        .sorted()
        .findFirst()
        .orElse("");
  }

  private static String firstType(HookFactory f) {
    return f.connTypes().stream().sorted().findFirst().orElse("");
  }

  private Connection connection(String connId) {
    return metastore
        .connection(connId)
        .orElseThrow(
            () -> ApiProblem.notFound("Connection '" + connId + "' is not in the metastore."));
  }

  static String connectionHref(String connId) {
    return "/connections/" + Links.segment(connId);
  }

  // Variables.

  void variables(Context ctx) {
    List<VariablesView.VariableRow> rows = new ArrayList<>();
    metastore
        .variables()
        .forEach(
            (k, v) ->
                rows.add(
                    new VariablesView.VariableRow(
                        k,
                        SecretMasker.isSensitiveKey(k) ? SecretMasker.MASK : v,
                        variableHref(k))));
    templates.html(
        ctx, "variables.jte", new VariablesView(UiHandler.layout(ctx, "Variables"), rows));
  }

  void newVariable(Context ctx) {
    templates.html(
        ctx,
        "variable_form.jte",
        new VariableFormView(
            UiHandler.layout(ctx, "Add a variable"), true, "/variables", "", "", ""));
  }

  void editVariable(Context ctx) {
    String key = ctx.pathParam("key");
    String value = variable(key);
    templates.html(
        ctx,
        "variable_form.jte",
        new VariableFormView(
            UiHandler.layout(ctx, "Variable " + key),
            false,
            variableHref(key),
            key,
            SecretMasker.isSensitiveKey(key) ? "" : value,
            nonNull(metastore.variableDescriptions().get(key))));
  }

  void createVariable(Context ctx) {
    String key = ctx.formParam("key");
    VariablesHandler.checkKey(key);
    ConnectionBodies.requireKey(metastore);
    if (metastore.variable(key).isPresent()) {
      throw new ApiProblem(
          HttpStatus.CONFLICT,
          "Variable '" + key + "' already exists. Go back and pick another key.");
    }
    metastore.putVariable(key, nonNull(ctx.formParam("value")), ctx.formParam("description"));
    ctx.redirect("/variables", HttpStatus.SEE_OTHER);
  }

  void updateVariable(Context ctx) {
    String key = ctx.pathParam("key");
    String current = variable(key);
    ConnectionBodies.requireKey(metastore);
    String value = nonNull(ctx.formParam("value"));
    // A sensitive value is never shown, so an empty one keeps it.
    if (value.isEmpty() && SecretMasker.isSensitiveKey(key)) {
      value = current;
    }
    metastore.putVariable(key, value, ctx.formParam("description"));
    ctx.redirect("/variables", HttpStatus.SEE_OTHER);
  }

  void deleteVariable(Context ctx) {
    String key = ctx.pathParam("key");
    variable(key);
    metastore.deleteVariable(key);
    ctx.redirect("/variables", HttpStatus.SEE_OTHER);
  }

  private String variable(String key) {
    return metastore
        .variable(key)
        .orElseThrow(() -> ApiProblem.notFound("Variable '" + key + "' is not in the metastore."));
  }

  private static String variableHref(String key) {
    return "/variables/" + Links.segment(key);
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }
}

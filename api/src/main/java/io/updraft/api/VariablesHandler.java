package io.updraft.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.updraft.core.secrets.SecretIds;
import io.updraft.core.secrets.SecretMasker;
import io.updraft.core.secrets.SecretsStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** {@code /api/v1/variables}: the metastore's variables, stored encrypted. */
final class VariablesHandler {
  static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.-]{1,250}");

  /** A variable as the API shows it: the value of a sensitive key (see SecretMasker) is masked. */
  record VariableJson(String key, String value, String description) {
    VariableJson {
      if (value != null && SecretMasker.isSensitiveKey(key)) {
        value = SecretMasker.MASK;
      }
    }
  }

  record VariableList(List<VariableJson> variables, int totalEntries) {}

  private final SecretsStore metastore;

  VariablesHandler(SecretsStore metastore) {
    this.metastore = metastore;
  }

  void list(Context ctx) {
    int limit = Paging.limit(ctx);
    int offset = Paging.offset(ctx);
    List<VariableJson> all = new ArrayList<>();
    Map<String, String> descriptions = metastore.variableDescriptions();
    metastore.variables().forEach((k, v) -> all.add(new VariableJson(k, v, descriptions.get(k))));
    ctx.json(
        new VariableList(
            all.subList(Math.min(offset, all.size()), Math.min(offset + limit, all.size())),
            all.size()));
  }

  void get(Context ctx) {
    String key = ctx.pathParam("key");
    ctx.json(new VariableJson(key, value(key), metastore.variableDescriptions().get(key)));
  }

  void create(Context ctx) {
    JsonNode body = JsonBodies.object(ctx, "key", "value", "description");
    String key = body.path("key").asText(null);
    checkKey(key);
    String value = value(body);
    ConnectionBodies.requireKey(metastore);
    if (metastore.variable(key).isPresent()) {
      throw new ApiProblem(
          HttpStatus.CONFLICT,
          "Variable '" + key + "' already exists; PATCH /api/v1/variables/" + key + " changes it.");
    }
    metastore.putVariable(key, value, description(body));
    ctx.status(HttpStatus.CREATED).json(new VariableJson(key, value, description(body)));
  }

  void patch(Context ctx) {
    String key = ctx.pathParam("key");
    value(key);
    JsonNode body = JsonBodies.object(ctx, "key", "value", "description");
    if (body.has("key") && !key.equals(body.get("key").asText())) {
      throw ApiProblem.badRequest("'key' cannot be changed; create a new variable instead.");
    }
    String sent = value(body);
    // A masked value sent back unchanged (the edit form's round trip) keeps the stored secret.
    String value =
        SecretMasker.MASK.equals(sent) && SecretMasker.isSensitiveKey(key) ? value(key) : sent;
    ConnectionBodies.requireKey(metastore);
    String description =
        body.has("description") ? description(body) : metastore.variableDescriptions().get(key);
    metastore.putVariable(key, value, description);
    ctx.json(new VariableJson(key, value, description));
  }

  void delete(Context ctx) {
    String key = ctx.pathParam("key");
    if (!metastore.deleteVariable(key)) {
      throw notFound(key);
    }
    ctx.status(HttpStatus.NO_CONTENT);
  }

  static void checkKey(String key) {
    if (key == null || !KEY.matcher(key).matches()) {
      throw ApiProblem.badRequest(
          "'key' must be 1 to 250 letters, digits, '_', '.' or '-'; got '" + key + "'.");
    }
    // '.' and '..' fit the characters but no backend may ever be asked for them.
    String problem = SecretIds.problem(key);
    if (problem != null) {
      throw ApiProblem.badRequest(
          "'key' '"
              + key
              + "' cannot be used: "
              + problem
              + ". Ids must have "
              + SecretIds.RULE
              + ".");
    }
  }

  private String value(String key) {
    return metastore.variable(key).orElseThrow(() -> notFound(key));
  }

  private static String value(JsonNode body) {
    JsonNode v = body.get("value");
    if (v == null || v.isNull() || !v.isValueNode()) {
      throw ApiProblem.badRequest(
          "'value' is required and must be a string (JSON values are sent as their text).");
    }
    return v.asText();
  }

  private static String description(JsonNode body) {
    JsonNode d = body.get("description");
    return d == null || d.isNull() ? null : d.asText();
  }

  private static ApiProblem notFound(String key) {
    return ApiProblem.notFound(
        "Variable '" + key + "' is not in the metastore. GET /api/v1/variables lists them.");
  }
}

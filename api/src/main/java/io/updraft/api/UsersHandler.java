package io.updraft.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.updraft.core.auth.AccountChangeException;
import io.updraft.core.auth.Role;
import io.updraft.core.auth.TokenInfo;
import io.updraft.core.auth.User;
import io.updraft.core.auth.UserAccounts;
import io.updraft.core.auth.UserLifecycle;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * {@code /api/v1/users} (admins only): list, create, change (role, enabled, password) and delete
 * users, and list and revoke their API tokens. Never shows a password, its hash or a token.
 */
final class UsersHandler {
  private static final Set<String> PATCHABLE = Set.of("role", "enabled", "password");

  record UserJson(String username, String role, boolean enabled, Instant createdAt) {
    static UserJson of(User u) {
      return new UserJson(u.username(), u.role().wireName(), u.enabled(), u.createdAt());
    }
  }

  record UserList(List<UserJson> users, int totalEntries) {}

  record TokenList(List<TokenInfo> tokens, int totalEntries) {}

  private final UserAccounts accounts;
  private final UserLifecycle lifecycle;

  UsersHandler(UserAccounts accounts) {
    this.accounts = accounts;
    this.lifecycle = accounts.lifecycle();
  }

  void list(Context ctx) {
    List<UserJson> all = accounts.users().stream().map(UserJson::of).toList();
    ctx.json(new UserList(all, all.size()));
  }

  void get(Context ctx) {
    ctx.json(UserJson.of(user(ctx.pathParam("username"))));
  }

  void create(Context ctx) {
    JsonNode body = JsonBodies.object(ctx, "username", "password", "role", "enabled");
    String username = text(body, "username");
    String password = text(body, "password");
    Role role = role(text(body, "role"));
    User created = apply(() -> accounts.create(username, role, password));
    ctx.status(HttpStatus.CREATED).json(UserJson.of(created));
  }

  /** Changes role, enabled and password, in that order; each is checked as it is applied. */
  void patch(Context ctx) {
    String username = user(ctx.pathParam("username")).username();
    JsonNode body = JsonBodies.object(ctx, "username", "password", "role", "enabled");
    Set<String> unknown = new TreeSet<>();
    body.fieldNames().forEachRemaining(unknown::add);
    unknown.removeAll(PATCHABLE);
    if (!unknown.isEmpty() || body.isEmpty()) {
      throw ApiProblem.badRequest(
          "PATCH /api/v1/users/"
              + username
              + " changes 'role' (viewer, op, admin), 'enabled' (true or false) or 'password';"
              + (unknown.isEmpty()
                  ? " the body set none of them."
                  : " it cannot change " + unknown + "."));
    }
    if (body.has("role")) {
      Role role = role(text(body, "role"));
      apply(() -> lifecycle.setRole(username, role));
    }
    if (body.has("enabled")) {
      JsonNode enabled = body.get("enabled");
      if (!enabled.isBoolean()) {
        throw ApiProblem.badRequest("'enabled' must be true or false; got " + enabled + ".");
      }
      apply(
          () -> {
            if (enabled.asBoolean()) {
              lifecycle.enable(username);
            } else {
              lifecycle.disable(username);
            }
            return null;
          });
    }
    if (body.has("password")) {
      String password = text(body, "password");
      apply(
          () -> {
            lifecycle.setPassword(username, password);
            return null;
          });
    }
    ctx.json(UserJson.of(user(username)));
  }

  void delete(Context ctx) {
    String username = ctx.pathParam("username");
    apply(
        () -> {
          lifecycle.delete(username);
          return null;
        });
    ctx.status(HttpStatus.NO_CONTENT);
  }

  void tokens(Context ctx) {
    List<TokenInfo> tokens = apply(() -> lifecycle.tokens(ctx.pathParam("username")));
    ctx.json(new TokenList(tokens, tokens.size()));
  }

  void revokeToken(Context ctx) {
    String username = ctx.pathParam("username");
    String id = ctx.pathParam("token_id");
    boolean theirs =
        apply(() -> lifecycle.tokens(username)).stream().anyMatch(t -> t.id().equals(id));
    if (!theirs) {
      throw ApiProblem.notFound(
          "User '"
              + username
              + "' has no API token with id '"
              + id
              + "'; GET /api/v1/users/"
              + username
              + "/tokens lists them.");
    }
    apply(
        () -> {
          lifecycle.revokeToken(id);
          return null;
        });
    ctx.status(HttpStatus.NO_CONTENT);
  }

  private User user(String username) {
    return accounts.users().stream()
        .filter(u -> u.username().equals(username))
        .findFirst()
        .orElseThrow(
            () ->
                ApiProblem.notFound(
                    "No user '" + username + "'; GET /api/v1/users lists the users."));
  }

  private static Role role(String name) {
    try {
      return Role.fromWireName(name);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badRequest("'role': " + e.getMessage() + ".");
    }
  }

  private static String text(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || !v.isTextual()) {
      throw ApiProblem.badRequest("'" + field + "' is required, as a string.");
    }
    return v.asText();
  }

  /** Runs a change, turning a refusal into the problem a client can act on. */
  private static <T> T apply(Supplier<T> change) {
    try {
      return change.get();
    } catch (AccountChangeException e) {
      HttpStatus status =
          switch (e.reason()) {
            case NO_SUCH_USER -> HttpStatus.NOT_FOUND;
            case LAST_ADMIN -> HttpStatus.CONFLICT;
            case INVALID -> HttpStatus.BAD_REQUEST;
          };
      throw new ApiProblem(status, e.getMessage());
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badRequest(e.getMessage());
    }
  }
}

package io.updraft.api;

import static io.updraft.api.ApiClient.json;
import static io.updraft.api.SecurityTest.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.updraft.core.auth.Role;
import io.updraft.testing.PostgresExtension;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code /api/v1/users}: the lifecycle of a user, and who may change it. */
@ExtendWith(PostgresExtension.class)
class UsersApiTest {
  private static TestApi api;

  @BeforeAll
  static void start() {
    api = TestApi.connect().start();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  /** A user with a token, a UI session and basic auth that worked a moment ago. */
  private record Signed(ApiClient basic, ApiClient bearer, ApiClient browser) {}

  private static Signed signedIn(String username, String password) {
    ApiClient basic = ApiClient.basic(api.server(), username, password);
    assertThat(basic.get("/api/v1/dags").statusCode()).isEqualTo(200);
    String token = json(basic.post("/api/v1/auth/token", "{}")).get("token").asText();
    ApiClient bearer = ApiClient.bearer(api.server(), token);
    assertThat(bearer.get("/api/v1/dags").statusCode()).isEqualTo(200);
    ApiClient browser = ApiClient.browser(api.server());
    assertThat(signIn(browser, username, password, "/").statusCode()).isEqualTo(303);
    assertThat(browser.get("/").statusCode()).isEqualTo(200);
    return new Signed(basic, bearer, browser);
  }

  private static void assertSignedOut(Signed s) {
    assertThat(s.basic().get("/api/v1/dags").statusCode()).isEqualTo(401);
    assertThat(s.bearer().get("/api/v1/dags").statusCode()).isEqualTo(401);
    assertThat(s.browser().get("/").statusCode()).as("the UI sends it to sign in").isEqualTo(303);
  }

  private static void create(String username, String role) {
    HttpResponse<String> created =
        api.client()
            .post(
                "/api/v1/users",
                "{\"username\": \"%s\", \"role\": \"%s\", \"password\": \"first-password\"}"
                    .formatted(username, role));
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.body()).doesNotContain("first-password");
  }

  @Test
  void a_new_password_ends_every_session_and_token_at_once() {
    create("bob", "op");
    Signed before = signedIn("bob", "first-password");

    HttpResponse<String> changed =
        api.client().patch("/api/v1/users/bob", "{\"password\": \"second-password\"}");

    assertThat(changed.statusCode()).isEqualTo(200);
    assertSignedOut(before);
    assertThat(
            ApiClient.basic(api.server(), "bob", "second-password")
                .get("/api/v1/dags")
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void a_disabled_user_is_signed_out_and_cannot_sign_in_until_enabled() {
    create("carl", "viewer");
    Signed before = signedIn("carl", "first-password");

    assertThat(api.client().patch("/api/v1/users/carl", "{\"enabled\": false}").statusCode())
        .isEqualTo(200);

    assertSignedOut(before);
    assertThat(json(api.client().get("/api/v1/users/carl")).get("enabled").asBoolean()).isFalse();
    assertThat(api.client().patch("/api/v1/users/carl", "{\"enabled\": true}").statusCode())
        .isEqualTo(200);
    assertThat(before.basic().get("/api/v1/dags").statusCode()).isEqualTo(200);
    assertThat(before.bearer().get("/api/v1/dags").statusCode())
        .as("its old tokens stay revoked")
        .isEqualTo(401);
  }

  @Test
  void a_deleted_user_is_signed_out_everywhere() {
    create("dora", "op");
    Signed before = signedIn("dora", "first-password");

    assertThat(api.client().delete("/api/v1/users/dora").statusCode()).isEqualTo(204);

    assertSignedOut(before);
    assertThat(api.client().get("/api/v1/users/dora").statusCode()).isEqualTo(404);
    assertThat(api.client().delete("/api/v1/users/dora").statusCode()).isEqualTo(404);
  }

  @Test
  void the_last_admin_cannot_be_deleted_disabled_or_demoted() {
    api.client(); // admin-user, the only admin
    for (HttpResponse<String> refused :
        java.util.List.of(
            api.client().delete("/api/v1/users/admin-user"),
            api.client().patch("/api/v1/users/admin-user", "{\"enabled\": false}"),
            api.client().patch("/api/v1/users/admin-user", "{\"role\": \"op\"}"))) {
      assertThat(refused.statusCode()).isEqualTo(409);
      assertThat(json(refused).get("detail").asText()).contains("last enabled admin");
    }
    assertThat(json(api.client().get("/api/v1/users/admin-user")).get("role").asText())
        .isEqualTo("admin");

    create("eve", "admin");
    assertThat(api.client().patch("/api/v1/users/admin-user", "{\"role\": \"op\"}").statusCode())
        .isEqualTo(200);
  }

  @Test
  void an_op_or_viewer_calling_admin_endpoints_gets_403_and_changes_nothing() {
    create("fay", "viewer");
    for (Role role : new Role[] {Role.OP, Role.VIEWER}) {
      ApiClient caller = api.as(role);
      assertThat(caller.get("/api/v1/users").statusCode()).isEqualTo(403);
      assertThat(caller.patch("/api/v1/users/fay", "{\"role\": \"admin\"}").statusCode())
          .isEqualTo(403);
      assertThat(
              caller
                  .patch("/api/v1/users/" + role.wireName() + "-user", "{\"role\": \"admin\"}")
                  .statusCode())
          .as("not even itself")
          .isEqualTo(403);
      assertThat(caller.delete("/api/v1/users/fay").statusCode()).isEqualTo(403);
      assertThat(
              caller
                  .post(
                      "/api/v1/users",
                      "{\"username\": \"mallory\", \"role\": \"admin\", \"password\": \"long-enough\"}")
                  .statusCode())
          .isEqualTo(403);
      assertThat(caller.get("/api/v1/users/fay/tokens").statusCode()).isEqualTo(403);
    }
    assertThat(json(api.client().get("/api/v1/users/fay")).get("role").asText())
        .isEqualTo("viewer");
    assertThat(api.users.find("mallory")).isEmpty();
  }

  @Test
  void tokens_are_listed_by_id_never_as_themselves_and_can_be_revoked() {
    create("gus", "viewer");
    String token = api.accounts.mintToken("gus", Duration.ofDays(2));
    ApiClient bearer = ApiClient.bearer(api.server(), token);
    assertThat(bearer.get("/api/v1/dags").statusCode()).isEqualTo(200);

    HttpResponse<String> listed = api.client().get("/api/v1/users/gus/tokens");
    assertThat(listed.body()).doesNotContain(token);
    JsonNode tokens = json(listed).get("tokens");
    assertThat(tokens).hasSize(1);
    String id = tokens.get(0).get("id").asText();
    assertThat(id).hasSize(12);

    assertThat(api.client().delete("/api/v1/users/admin-user/tokens/" + id).statusCode())
        .as("the id must be one of that user's tokens")
        .isEqualTo(404);
    assertThat(api.client().delete("/api/v1/users/gus/tokens/" + id).statusCode()).isEqualTo(204);
    assertThat(bearer.get("/api/v1/dags").statusCode()).isEqualTo(401);
  }

  @Test
  void a_token_cannot_mint_a_token_that_outlives_itself() {
    create("hal", "op");
    String token = api.accounts.mintToken("hal", Duration.ofDays(2));
    ApiClient bearer = ApiClient.bearer(api.server(), token);

    HttpResponse<String> longer = bearer.post("/api/v1/auth/token", "{\"expires_in_days\": 30}");
    assertThat(longer.statusCode()).isEqualTo(400);
    assertThat(json(longer).get("detail").asText()).contains("outlives itself");

    HttpResponse<String> defaulted = bearer.post("/api/v1/auth/token", "{}");
    assertThat(defaulted.statusCode()).isEqualTo(201);
    Instant expires = Instant.parse(json(defaulted).get("expires_at").asText());
    assertThat(expires).isBeforeOrEqualTo(Instant.now().plus(Duration.ofDays(2)));

    HttpResponse<String> basic =
        ApiClient.basic(api.server(), "hal", "first-password")
            .post("/api/v1/auth/token", "{\"expires_in_days\": 30}");
    assertThat(basic.statusCode()).as("a password may mint a longer one").isEqualTo(201);
  }
}

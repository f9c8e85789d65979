package io.updraft.api;

import static io.updraft.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.auth.Role;
import io.updraft.testing.PostgresExtension;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The obvious attacks on sign-in, sessions and tokens. */
@ExtendWith(PostgresExtension.class)
class SecurityTest {
  private static final Pattern HIDDEN_CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]*)\"");

  private static TestApi api;

  @BeforeAll
  static void start() {
    api = TestApi.connect().start();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void an_api_request_without_credentials_is_a_401_problem_with_a_basic_challenge() {
    HttpResponse<String> response = api.anonymous().get("/api/v1/dags");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(ApiClient.contentType(response)).startsWith("application/problem+json");
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("Basic realm="));
    assertThat(json(response).get("detail").asText()).contains("Authorization: Bearer");
  }

  @Test
  void a_wrong_password_an_unknown_user_and_a_made_up_token_are_all_401() {
    api.user("alice", Role.OP);

    assertThat(
            ApiClient.basic(api.server(), "alice", "not-her-password")
                .get("/api/v1/dags")
                .statusCode())
        .isEqualTo(401);
    assertThat(
            ApiClient.basic(api.server(), "mallory", "whatever1").get("/api/v1/dags").statusCode())
        .isEqualTo(401);
    assertThat(ApiClient.bearer(api.server(), "made-up-token").get("/api/v1/dags").statusCode())
        .isEqualTo(401);
    assertThat(
            api.anonymous()
                .send(
                    "GET", "/api/v1/dags", null, "", Map.of("Authorization", "Basic !!!not-base64"))
                .statusCode())
        .isEqualTo(401);
  }

  @Test
  void health_is_public_but_version_needs_a_user() {
    assertThat(api.anonymous().get("/api/v1/health").statusCode()).isIn(200, 503);
    assertThat(api.anonymous().get("/api/v1/version").statusCode()).isEqualTo(401);
    assertThat(api.as(Role.VIEWER).get("/api/v1/version").statusCode()).isEqualTo(200);
  }

  @Test
  void a_token_minted_with_basic_auth_signs_in_as_a_bearer_and_is_stored_only_as_a_hash() {
    HttpResponse<String> minted =
        api.as(Role.VIEWER).post("/api/v1/auth/token", "{\"expires_in_days\": 7}");

    assertThat(minted.statusCode()).isEqualTo(201);
    assertThat(minted.headers().firstValue("Cache-Control")).contains("no-store");
    String token = json(minted).get("token").asText();
    assertThat(json(minted).get("username").asText()).isEqualTo("viewer-user");
    HttpResponse<String> dags = ApiClient.bearer(api.server(), token).get("/api/v1/dags");
    assertThat(dags.statusCode()).isEqualTo(200);
    List<String> stored =
        api.database.dsl().fetch("select token_hash from api_token").getValues(0, String.class);
    assertThat(stored).hasSize(1).doesNotContain(token);
  }

  @Test
  void a_token_request_with_a_bad_lifetime_is_a_400_that_gives_the_range() {
    HttpResponse<String> response =
        api.as(Role.VIEWER).post("/api/v1/auth/token", "{\"expires_in_days\": 9999}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("detail").asText()).contains("from 1 to 365");
  }

  @Test
  void
      a_state_changing_api_request_without_a_json_body_is_refused_so_no_cross_site_form_can_send_it() {
    HttpResponse<String> response =
        api.as(Role.ADMIN)
            .send(
                "POST",
                "/api/v1/auth/token",
                "application/x-www-form-urlencoded",
                "expires_in_days=3",
                Map.of());

    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(json(response).get("detail").asText()).contains("application/json");
  }

  @Test
  void a_page_without_a_session_redirects_to_sign_in_and_back() {
    HttpResponse<String> response = api.anonymous().get("/?x=1");

    assertThat(response.statusCode()).isEqualTo(303);
    assertThat(response.headers().firstValue("Location")).contains("/login?next=%2F%3Fx%3D1");
  }

  @Test
  void signing_in_sets_an_http_only_strict_session_cookie_and_opens_the_page_asked_for() {
    api.user("olivia", Role.OP);
    ApiClient browser = ApiClient.browser(api.server());

    HttpResponse<String> signedIn = signIn(browser, "olivia", "password-of-olivia", "/pools");

    assertThat(signedIn.statusCode()).isEqualTo(303);
    assertThat(signedIn.headers().firstValue("Location")).contains("/pools");
    String cookie =
        signedIn.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith(Cookies.SESSION + "="))
            .findFirst()
            .orElseThrow();
    assertThat(cookie).contains("HttpOnly", "SameSite=Strict", "Path=/");
    HttpResponse<String> page = browser.get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("olivia");
  }

  @Test
  void a_wrong_password_in_the_form_shows_the_form_again_with_a_401() {
    api.user("olivia", Role.OP);
    ApiClient browser = ApiClient.browser(api.server());

    HttpResponse<String> response = signIn(browser, "olivia", "wrong-password", "/");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).contains("Wrong username or password");
    assertThat(response.headers().allValues("Set-Cookie"))
        .noneMatch(c -> c.startsWith(Cookies.SESSION + "=") && !c.contains("Max-Age=0"));
  }

  @Test
  void a_sign_in_form_posted_without_its_csrf_cookie_is_refused() {
    api.user("olivia", Role.OP);
    // A fresh client: no cookie from the form, as when another site posts it.
    HttpResponse<String> response =
        ApiClient.browser(api.server())
            .postForm(
                "/login",
                Map.of(
                    "_csrf", "guessed",
                    "username", "olivia",
                    "password", "password-of-olivia",
                    "next", "/"));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("expired or came from another site");
  }

  @Test
  void a_next_parameter_pointing_to_another_site_lands_on_the_home_page() {
    api.user("olivia", Role.OP);

    for (String next : List.of("//evil.example/x", "https://evil.example/", "/\\evil.example")) {
      HttpResponse<String> response =
          signIn(ApiClient.browser(api.server()), "olivia", "password-of-olivia", next);
      assertThat(response.headers().firstValue("Location")).contains("/");
    }
  }

  @Test
  void signing_out_needs_the_sessions_csrf_token_and_then_ends_the_session() {
    api.user("olivia", Role.OP);
    ApiClient browser = ApiClient.browser(api.server());
    signIn(browser, "olivia", "password-of-olivia", "/");
    String csrf = csrfOf(browser.get("/").body());

    HttpResponse<String> withoutToken = browser.postForm("/logout", Map.of());
    HttpResponse<String> wrongToken = browser.postForm("/logout", Map.of("_csrf", "nope"));

    assertThat(withoutToken.statusCode()).isEqualTo(403);
    assertThat(wrongToken.statusCode()).isEqualTo(403);
    assertThat(browser.get("/").statusCode()).isEqualTo(200);

    HttpResponse<String> out = browser.postForm("/logout", Map.of("_csrf", csrf));

    assertThat(out.statusCode()).isEqualTo(303);
    assertThat(browser.get("/").statusCode()).isEqualTo(303);
  }

  @Test
  void a_basic_auth_header_is_never_echoed_back() {
    String secret = "password-of-admin-user";
    HttpResponse<String> response =
        api.anonymous()
            .send(
                "GET",
                "/api/v1/nothing",
                null,
                "",
                Map.of(
                    "Authorization",
                    "Basic "
                        + Base64.getEncoder().encodeToString(("admin-user:" + secret).getBytes())));

    assertThat(response.body()).doesNotContain(secret);
  }

  static HttpResponse<String> signIn(ApiClient browser, String user, String password, String next) {
    String form = browser.get("/login?next=" + Authentication.encode(next)).body();
    return browser.postForm(
        "/login",
        Map.of("_csrf", csrfOf(form), "username", user, "password", password, "next", next));
  }

  static String csrfOf(String html) {
    Matcher m = HIDDEN_CSRF.matcher(html);
    assertThat(m.find()).as("a hidden _csrf field in %s", html).isTrue();
    return m.group(1);
  }
}

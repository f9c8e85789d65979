package io.updraft.hooks.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.core.connection.Connection;
import io.updraft.core.hook.HookScope;
import io.updraft.core.hook.Hooks;
import io.updraft.core.secrets.CredentialsRejectedException;
import io.updraft.hooks.testing.RotatingSecrets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An API token rotated in the secrets backend while the worker holds the old one in its cache. */
class HttpCredentialRotationTest {
  @StartStop private final MockWebServer server = new MockWebServer();
  @TempDir Path dir;

  /** The token the API accepts now; any other gets a 401. */
  private volatile String validToken = "token-A";

  private final List<String> tokensSeen = new CopyOnWriteArrayList<>();
  private final List<String> bodiesSeen = new CopyOnWriteArrayList<>();
  private RotatingSecrets secrets;
  private Hooks hooks;
  private HookScope task;

  @BeforeEach
  void open() {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            String auth = request.getHeaders().get("Authorization");
            tokensSeen.add(auth);
            if (request.getBody() != null) {
              bodiesSeen.add(request.getBody().utf8());
            }
            if (request.getUrl().encodedPath().equals("/forbidden")) {
              return new MockResponse.Builder().code(403).body("not your orders").build();
            }
            if (!("Bearer " + validToken).equals(auth)) {
              return new MockResponse.Builder()
                  .code(401)
                  .addHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"")
                  .body("token " + auth + " is not valid")
                  .build();
            }
            return new MockResponse.Builder().body("{\"orders\": [1, 2]}").build();
          }
        });
    secrets = new RotatingSecrets(dir);
    secrets.store(api("token-A"));
    hooks = Hooks.load(secrets.lookup(), getClass().getClassLoader());
    task = hooks.scope("task etl.load");
  }

  @AfterEach
  void close() {
    task.close();
    hooks.close();
  }

  private Connection api(String token) {
    return new Connection(
        "orders_api",
        "http",
        null,
        server.getHostName(),
        null,
        token,
        null,
        server.getPort(),
        Map.of("auth_type", "bearer", "retry_backoff", 0.01));
  }

  @Test
  void a_401_fetches_the_rotated_token_past_the_cache_and_the_request_succeeds() throws Exception {
    HttpHook api = task.open("orders_api", HttpHook.class);
    assertThat(api.get("/orders").requireSuccess().text()).contains("orders");

    validToken = "token-B";
    secrets.store(api("token-B"));
    HttpResult result = api.postJson("/orders", Map.of("day", "2026-01-01"));

    assertThat(result.status()).isEqualTo(200);
    assertThat(tokensSeen)
        .as("the rejected POST was sent again, body and all")
        .containsExactly("Bearer token-A", "Bearer token-A", "Bearer token-B");
    assertThat(bodiesSeen).endsWith("{\"day\":\"2026-01-01\"}", "{\"day\":\"2026-01-01\"}");
    assertThat(secrets.backendReads("orders_api")).as("opened, then fetched once").isEqualTo(2);

    assertThat(api.get("/orders").status()).isEqualTo(200);
    assertThat(secrets.backendReads("orders_api")).isEqualTo(2);
  }

  @Test
  void a_token_still_rejected_after_the_fetch_fails_naming_the_connection() {
    HttpHook api = task.open("orders_api", HttpHook.class);
    validToken = "token-B";
    secrets.store(api("token-typo"));

    assertThatThrownBy(() -> api.get("/orders?key=secret-query"))
        .isInstanceOf(CredentialsRejectedException.class)
        .hasMessageStartingWith(
            "Connection 'orders_api' was fetched again after its credentials were rejected, and"
                + " the new credentials were rejected too: GET http://")
        .hasMessageContaining("/orders answered HTTP 401 (Bearer error=\"invalid_token\")")
        .hasMessageNotContaining("token-")
        .hasMessageNotContaining("secret-query");
    assertThat(tokensSeen).containsExactly("Bearer token-A", "Bearer token-typo");
    assertThat(secrets.backendReads("orders_api")).isEqualTo(2);
  }

  @Test
  void a_403_is_a_missing_permission_and_comes_back_without_fetching_again() throws Exception {
    HttpHook api = task.open("orders_api", HttpHook.class);

    assertThat(api.get("/forbidden").status()).isEqualTo(403);

    assertThat(tokensSeen).hasSize(1);
    assertThat(secrets.backendReads("orders_api")).isEqualTo(1);
  }

  @Test
  void a_401_to_the_callers_own_authorization_header_is_the_callers_answer() throws Exception {
    HttpHook api = task.open("orders_api", HttpHook.class);

    HttpResult result =
        api.request("GET", "/orders", Map.of("Authorization", "Bearer mine"), null, null);

    assertThat(result.status()).isEqualTo(401);
    assertThat(secrets.backendReads("orders_api")).isEqualTo(1);
  }
}

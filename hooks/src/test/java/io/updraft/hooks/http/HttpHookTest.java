package io.updraft.hooks.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.core.connection.Connection;
import io.updraft.core.hook.ConnectionLookup;
import io.updraft.core.hook.Hooks;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpHookTest {
  @StartStop private final MockWebServer server = new MockWebServer();

  private final Map<String, Connection> connections = new ConcurrentHashMap<>();
  private final Hooks hooks =
      Hooks.load(
          id -> ConnectionLookup.of(connections).connection(id), getClass().getClassLoader());

  @AfterEach
  void close() {
    hooks.close();
  }

  private HttpHook hook(String json) {
    String base =
        "{\"conn_type\": \"http\", \"host\": \""
            + server.getHostName()
            + "\", \"port\": "
            + server.getPort()
            + ", \"extra\": {\"retry_backoff\": 0.01";
    connections.put("api", Connection.fromJson("api", base + json + "}}"));
    return hooks.open("api", HttpHook.class);
  }

  @Test
  void the_base_url_comes_from_scheme_host_and_port_and_joins_endpoints() {
    connections.put("a", Connection.fromUri("a", "https://api.example.com:8443/"));
    connections.put(
        "b", Connection.fromJson("b", "{\"conn_type\":\"http\",\"host\":\"https://x.io/v2\"}"));
    try (HttpHook a = hooks.open("a", HttpHook.class);
        HttpHook b = hooks.open("b", HttpHook.class)) {
      assertThat(a.url("/v1/orders?day=1").toString())
          .isEqualTo("https://api.example.com:8443/v1/orders?day=1");
      assertThat(b.url("items").toString()).isEqualTo("https://x.io/v2/items");
    }
  }

  @Test
  void basic_auth_and_headers_from_extra_go_with_every_request_and_json_comes_back()
      throws Exception {
    server.enqueue(new MockResponse.Builder().body("{\"orders\": [1, 2]}").build());
    connections.put(
        "api",
        new Connection(
            "api",
            "http",
            null,
            server.getHostName(),
            "etl",
            "s3cret",
            null,
            server.getPort(),
            Map.of("X-Api-Version", "7", "headers", Map.of("X-Team", "data"))));

    try (HttpHook api = hooks.open("api", HttpHook.class)) {
      Map<?, ?> body = api.get("/v1/orders").requireSuccess().json(Map.class);
      assertThat(body.get("orders")).isEqualTo(List.of(1, 2));
    }

    RecordedRequest request = server.takeRequest();
    assertThat(request.getTarget()).isEqualTo("/v1/orders");
    assertThat(request.getHeaders().get("Authorization"))
        .isEqualTo(okhttp3.Credentials.basic("etl", "s3cret"));
    assertThat(request.getHeaders().get("X-Api-Version")).isEqualTo("7");
    assertThat(request.getHeaders().get("X-Team")).isEqualTo("data");
  }

  @Test
  void bearer_auth_sends_the_password_as_a_token_and_json_goes_out() throws Exception {
    server.enqueue(new MockResponse.Builder().code(201).body("{\"id\": 9}").build());
    connections.put(
        "api",
        new Connection(
            "api",
            "http",
            null,
            server.getHostName(),
            null,
            "tok-123",
            null,
            server.getPort(),
            Map.of("auth_type", "bearer")));

    try (HttpHook api = hooks.open("api", HttpHook.class)) {
      HttpResult result = api.postJson("orders", Map.of("sku", "A1", "qty", 2));
      assertThat(result.status()).isEqualTo(201);
      assertThat(result.json(Map.class).get("id")).isEqualTo(9);
    }

    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer tok-123");
    assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(request.getBody().utf8()).isEqualTo("{\"qty\":2,\"sku\":\"A1\"}");
  }

  @Test
  void a_get_is_retried_after_5xx_and_a_dropped_connection() throws Exception {
    server.enqueue(new MockResponse.Builder().code(503).build());
    server.enqueue(
        new MockResponse.Builder()
            .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
            .build());
    server.enqueue(new MockResponse.Builder().body("ok").build());

    try (HttpHook api = hook(", \"retries\": 3")) {
      assertThat(api.get("/flaky").text()).isEqualTo("ok");
    }
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void a_post_is_not_retried_after_5xx() throws Exception {
    server.enqueue(new MockResponse.Builder().code(500).body("boom").build());
    server.enqueue(new MockResponse.Builder().body("never").build());

    try (HttpHook api = hook(", \"retries\": 3")) {
      HttpResult result = api.postJson("/charge", Map.of("amount", 10));
      assertThat(result.status()).isEqualTo(500);
      assertThatThrownBy(result::requireSuccess)
          .isInstanceOf(HttpStatusException.class)
          .hasMessageContaining("POST http://")
          .hasMessageContaining("/charge answered HTTP 500: boom");
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void retries_give_up_after_the_configured_count() throws Exception {
    for (int i = 0; i < 3; i++) {
      server.enqueue(new MockResponse.Builder().code(502).build());
    }

    try (HttpHook api = hook(", \"retries\": 2")) {
      assertThat(api.get("/down").status()).isEqualTo(502);
    }
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void a_connection_refused_fails_after_retries_with_the_url_and_no_query() {
    connections.put(
        "dead", Connection.fromUri("dead", "http://127.0.0.1:1/?retries=1&retry_backoff=0.01"));

    try (HttpHook api = hooks.open("dead", HttpHook.class)) {
      assertThatThrownBy(() -> api.get("/x?token=secret"))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("GET http://127.0.0.1:1/x failed after 2 attempt(s)")
          .hasMessageNotContaining("secret");
      assertThat(api.test().ok()).isFalse();
    }
  }

  @Test
  void a_read_timeout_from_extra_cuts_a_slow_answer() {
    server.enqueue(
        new MockResponse.Builder()
            .body("late")
            .headersDelay(2, java.util.concurrent.TimeUnit.SECONDS)
            .build());

    try (HttpHook api = hook(", \"read_timeout\": 0.2, \"retries\": 0")) {
      assertThatThrownBy(() -> api.get("/slow")).isInstanceOf(IOException.class);
    }
  }

  @Test
  void test_answers_ok_when_the_server_responds() {
    server.enqueue(new MockResponse.Builder().code(404).build());

    try (HttpHook api = hook("")) {
      var result = api.test();
      assertThat(result.ok()).isTrue();
      assertThat(result.message()).endsWith("answered HTTP 404");
    }
  }
}

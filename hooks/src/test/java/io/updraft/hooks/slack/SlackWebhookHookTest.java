package io.updraft.hooks.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.updraft.core.connection.Connection;
import io.updraft.core.hook.ConnectionLookup;
import io.updraft.core.hook.HookTestResult;
import io.updraft.core.hook.Hooks;
import io.updraft.core.json.Json;
import io.updraft.hooks.testing.TestTaskContext;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Slack webhook hook, operator and notifier against a real local HTTP server. */
class SlackWebhookHookTest {
  private static final String SECRET = "T0SECRET/B0SECRET/xoxSECRETpath";

  @StartStop private final MockWebServer server = new MockWebServer();
  private Hooks hooks;
  private TestTaskContext context;

  @BeforeEach
  void open() {
    hooks =
        Hooks.load(
            ConnectionLookup.of(
                Map.of(
                    "slack", slack("slack", "/services/" + SECRET),
                    "relative", slack("relative", SECRET),
                    "elsewhere", slack("elsewhere", "https://evil.example/services/" + SECRET))),
            getClass().getClassLoader());
    context = new TestTaskContext(hooks, Instant.parse("2026-03-01T00:00:00Z"));
  }

  private Connection slack(String id, String password) {
    return new Connection(
        id,
        "slack_webhook",
        null,
        server.getHostName() + "/services",
        null,
        password,
        "http",
        server.getPort(),
        Map.of());
  }

  @AfterEach
  void close() {
    context.close();
    hooks.close();
  }

  @Test
  void send_posts_text_and_blocks_to_the_secret_path_on_the_connections_host() throws Exception {
    server.enqueue(new MockResponse.Builder().body("ok").build());
    List<Map<String, Object>> blocks =
        List.of(Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", "*done*")));

    try (SlackWebhookHook hook = hooks.open("slack", SlackWebhookHook.class)) {
      hook.send("done", blocks);
    }

    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getTarget()).isEqualTo("/services/" + SECRET);
    JsonNode body = Json.read(request.getBody().utf8(), JsonNode.class);
    assertThat(body.get("text").asText()).isEqualTo("done");
    assertThat(body.get("blocks").get(0).get("text").get("text").asText()).isEqualTo("*done*");
  }

  @Test
  void a_path_without_a_leading_slash_is_under_the_hosts_path() throws Exception {
    server.enqueue(new MockResponse.Builder().body("ok").build());

    try (SlackWebhookHook hook = hooks.open("relative", SlackWebhookHook.class)) {
      hook.send("hi", List.of());
    }

    assertThat(server.takeRequest().getTarget()).isEqualTo("/services/" + SECRET);
  }

  @Test
  void a_refused_post_names_the_connection_and_slacks_answer_but_never_the_path() {
    server.enqueue(new MockResponse.Builder().code(404).body("no_service").build());

    assertThatThrownBy(
            () -> {
              try (SlackWebhookHook hook = hooks.open("slack", SlackWebhookHook.class)) {
                hook.send("hi", List.of());
              }
            })
        .isInstanceOf(IOException.class)
        .hasMessageContaining("'slack'")
        .hasMessageContaining("404")
        .hasMessageContaining("no_service")
        .hasMessageNotContaining("SECRET");
  }

  @Test
  void an_unreachable_webhook_fails_without_the_path() throws Exception {
    server.close();

    assertThatThrownBy(
            () -> {
              try (SlackWebhookHook hook = hooks.open("slack", SlackWebhookHook.class)) {
                hook.send("hi", List.of());
              }
            })
        .isInstanceOf(IOException.class)
        .hasMessageContaining("could not be reached")
        .hasMessageNotContaining("SECRET");
  }

  @Test
  void a_full_url_on_another_host_is_refused_without_echoing_it() {
    assertThatThrownBy(() -> hooks.open("elsewhere", SlackWebhookHook.class))
        .hasMessageContaining("'elsewhere'")
        .hasMessageContaining("not on the connection's host")
        .hasMessageNotContaining("SECRET")
        .hasMessageNotContaining("evil");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void test_posts_an_empty_payload_that_slack_refuses_so_nothing_reaches_the_channel()
      throws Exception {
    server.enqueue(new MockResponse.Builder().code(400).body("no_text").build());
    server.enqueue(new MockResponse.Builder().code(404).body("no_service").build());

    HookTestResult exists;
    HookTestResult missing;
    try (SlackWebhookHook hook = hooks.open("slack", SlackWebhookHook.class)) {
      exists = hook.test();
      missing = hook.test();
    }

    assertThat(exists.ok()).isTrue();
    assertThat(exists.message()).contains("nothing was posted").doesNotContain("SECRET");
    assertThat(missing.ok()).isFalse();
    assertThat(missing.message()).contains("404").doesNotContain("SECRET");
    assertThat(server.takeRequest().getBody().utf8()).isEqualTo("{}");
  }

  @Test
  void the_operator_renders_text_and_blocks() throws Exception {
    server.enqueue(new MockResponse.Builder().body("ok").build());

    new SlackWebhookOperator(
            "slack",
            "{{ task_id }} on {{ ds }}",
            List.of(Map.of("type", "header", "x", "{{ ds }}")))
        .execute(context);

    JsonNode body = Json.read(server.takeRequest().getBody().utf8(), JsonNode.class);
    assertThat(body.get("text").asText()).isEqualTo(context.taskId() + " on 2026-03-01");
    assertThat(body.get("blocks").get(0).get("x").asText()).isEqualTo("2026-03-01");
  }

  @Test
  void the_notifier_posts_the_rendered_text_through_the_hook() throws Exception {
    server.enqueue(new MockResponse.Builder().body("ok").build());

    SlackWebhookNotifier.to("slack", "{{ run_id }} failed").call(context);

    RecordedRequest request = server.takeRequest();
    assertThat(request.getTarget()).isEqualTo("/services/" + SECRET);
    assertThat(request.getBody().utf8()).isEqualTo("{\"text\":\"" + context.runId() + " failed\"}");
  }
}

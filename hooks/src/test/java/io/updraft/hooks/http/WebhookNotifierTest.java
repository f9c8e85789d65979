package io.updraft.hooks.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.updraft.core.connection.Connection;
import io.updraft.core.dag.RunCallback;
import io.updraft.core.dag.RunCallbackContext;
import io.updraft.core.hook.ConnectionLookup;
import io.updraft.core.hook.Hook;
import io.updraft.core.hook.Hooks;
import io.updraft.core.json.Json;
import io.updraft.core.state.RunState;
import io.updraft.core.task.CallbackResources;
import io.updraft.hooks.testing.TestTaskContext;
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

/** The webhook notifier against a real local HTTP server. */
class WebhookNotifierTest {
  @StartStop private final MockWebServer server = new MockWebServer();
  private Hooks hooks;
  private TestTaskContext context;

  @BeforeEach
  void open() {
    Connection hook =
        new Connection(
            "alerts",
            "http",
            null,
            server.getHostName(),
            null,
            "tok",
            null,
            server.getPort(),
            Map.of("auth_type", "bearer", "retry_backoff", "0.01", "retries", "0"));
    hooks = Hooks.load(ConnectionLookup.of(Map.of("alerts", hook)), getClass().getClassLoader());
    context = new TestTaskContext(hooks, Instant.parse("2026-03-01T00:00:00Z"));
  }

  @AfterEach
  void close() {
    context.close();
    hooks.close();
  }

  @Test
  void a_webhook_notice_carries_the_rendered_message_and_the_tries_fields() throws Exception {
    server.enqueue(new MockResponse.Builder().code(204).build());

    WebhookNotifier.to("alerts", "/notify", "{{ task_id }} of {{ dag_id }} on {{ ds }}")
        .call(context);

    RecordedRequest request = server.takeRequest();
    assertThat(request.getTarget()).isEqualTo("/notify");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer tok");
    String body = request.getBody().utf8();
    assertThat(body)
        .contains(
            "\"message\":\"" + context.taskId() + " of " + context.dagId() + " on 2026-03-01\"")
        .contains("\"run_id\":\"" + context.runId() + "\"")
        .contains("\"task_id\":\"" + context.taskId() + "\"")
        .contains("\"try_number\":" + context.tryNumber());
  }

  @Test
  void a_hostile_conf_value_stays_one_json_string_is_not_rendered_again_and_goes_nowhere_else()
      throws Exception {
    server.enqueue(new MockResponse.Builder().code(204).build());
    String hostile =
        "x\", \"task_id\": \"forged\"}\r\nHost: evil.example {{ conn.alerts.password }}";
    TestTaskContext triggered =
        new TestTaskContext(hooks, Instant.parse("2026-03-01T00:00:00Z"), Map.of("note", hostile));

    WebhookNotifier.to("alerts", "/notify", "note: {{ conf.note }}").call(triggered);
    triggered.close();

    RecordedRequest request = server.takeRequest();
    assertThat(request.getTarget()).isEqualTo("/notify");
    JsonNode body = Json.read(request.getBody().utf8(), JsonNode.class);
    assertThat(body.get("message").asText()).isEqualTo("note: " + hostile);
    assertThat(body.get("task_id").asText()).isEqualTo(triggered.taskId());
    assertThat(request.getBody().utf8()).doesNotContain("\"tok\"");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void one_notifier_is_also_a_run_callback_carrying_the_runs_state_and_failed_tasks()
      throws Exception {
    server.enqueue(new MockResponse.Builder().code(204).build());
    RunCallbackContext run =
        new RunCallbackContext(
            "orders",
            "manual__1",
            Instant.parse("2026-03-01T00:00:00Z"),
            RunState.FAILED,
            Map.of("note", "{{ conn.alerts.password }}"),
            List.of("load"),
            new CallbackResources() {
              @Override
              public Connection connection(String connId) {
                throw new UnsupportedOperationException();
              }

              @Override
              public <H extends Hook> H hook(String connId, Class<H> type) {
                return hooks.open(connId, type);
              }
            });

    RunCallback asRunCallback =
        WebhookNotifier.to(
            "alerts", "/runs", "{{ run_id }} of {{ dag_id }}: {{ state }} {{ conf.note }}");
    asRunCallback.call(run);

    JsonNode body = Json.MAPPER.readTree(server.takeRequest().getBody().utf8());
    assertThat(body.get("message").asText())
        .isEqualTo("manual__1 of orders: failed {{ conn.alerts.password }}");
    assertThat(body.get("state").asText()).isEqualTo("failed");
    assertThat(body.get("failed_task_ids").get(0).asText()).isEqualTo("load");
    assertThat(body.get("logical_date").asText()).isEqualTo("2026-03-01T00:00:00Z");
    assertThat(body.has("task_id")).isFalse();
  }
}

package io.updraft.hooks.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.core.connection.Connection;
import io.updraft.core.hook.ConnectionLookup;
import io.updraft.core.hook.Hooks;
import io.updraft.core.task.TaskSkippedException;
import io.updraft.hooks.base.SensorSettings;
import io.updraft.hooks.testing.TestTaskContext;
import java.time.Duration;
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

class HttpOperatorTest {
  @StartStop private final MockWebServer server = new MockWebServer();
  private Hooks hooks;
  private TestTaskContext context;

  @BeforeEach
  void open() {
    Connection api =
        new Connection(
            "api",
            "http",
            null,
            server.getHostName(),
            null,
            "tok",
            null,
            server.getPort(),
            Map.of("auth_type", "bearer", "retry_backoff", "0.01", "retries", "1"));
    hooks = Hooks.load(ConnectionLookup.of(Map.of("api", api)), getClass().getClassLoader());
    context = new TestTaskContext(hooks, Instant.parse("2026-03-01T00:00:00Z"));
  }

  @AfterEach
  void close() {
    context.close();
    hooks.close();
  }

  @Test
  void a_templated_request_sends_json_and_returns_the_parsed_answer() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .setHeader("Content-Type", "application/json")
            .body("{\"accepted\": true}")
            .build());
    var operator =
        new HttpOperator(
            "api",
            "POST",
            "/v1/reports/{{ ds }}",
            Map.of("day", "{{ ds_nodash }}", "rows", List.of(1, 2)),
            Map.of("X-Run", "{{ run_id }}"));

    Object answer = operator.execute(context);

    assertThat(answer).isEqualTo(Map.of("accepted", true));
    RecordedRequest request = server.takeRequest();
    assertThat(request.getTarget()).isEqualTo("/v1/reports/2026-03-01");
    assertThat(request.getBody().utf8()).isEqualTo("{\"day\":\"20260301\",\"rows\":[1,2]}");
    assertThat(request.getHeaders().get("X-Run")).isEqualTo(context.runId());
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer tok");
    assertThat(operator.describe().toString()).doesNotContain("tok");
  }

  @Test
  void a_non_2xx_answer_fails_the_task_with_the_status() {
    server.enqueue(new MockResponse.Builder().code(404).body("no such report").build());

    assertThatThrownBy(() -> HttpOperator.get("api", "/v1/missing").execute(context))
        .isInstanceOf(HttpStatusException.class)
        .hasMessageContaining("HTTP 404: no such report");
  }

  @Test
  void the_http_sensor_waits_for_a_2xx_that_passes_the_check() throws Exception {
    server.enqueue(new MockResponse.Builder().code(404).build());
    server.enqueue(new MockResponse.Builder().body("{\"state\": \"running\"}").build());
    server.enqueue(new MockResponse.Builder().body("{\"state\": \"done\"}").build());
    var sensor =
        new HttpSensor(
            "api",
            "/v1/jobs/{{ ds_nodash }}",
            r -> "done".equals(r.json(Map.class).get("state")),
            new SensorSettings(Duration.ofMillis(10), Duration.ofSeconds(10), false));

    sensor.execute(context);

    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(server.takeRequest().getTarget()).isEqualTo("/v1/jobs/20260301");
  }

  @Test
  void the_http_sensor_with_soft_fail_skips_after_its_timeout() {
    for (int i = 0; i < 20; i++) {
      server.enqueue(new MockResponse.Builder().code(404).build());
    }
    var sensor =
        new HttpSensor(
            "api",
            "/v1/never",
            null,
            new SensorSettings(Duration.ofMillis(20), Duration.ofMillis(60), true));

    assertThatThrownBy(() -> sensor.execute(context)).isInstanceOf(TaskSkippedException.class);
  }
}

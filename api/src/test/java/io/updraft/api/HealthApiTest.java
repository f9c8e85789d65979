package io.updraft.api;

import static io.updraft.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({PostgresExtension.class, RedisExtension.class})
class HealthApiTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private TestApi api;

  @BeforeEach
  void connect() {
    api = TestApi.connect();
  }

  @AfterEach
  void close() {
    api.close();
  }

  @Test
  void health_is_200_when_the_database_redis_and_a_recent_scheduler_are_up() {
    api.schedulerCheckedIn(NOW.minusSeconds(10));
    api.start(RedisExtension.url(), CLOCK);

    HttpResponse<String> response = api.anonymous().get("/api/v1/health");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(ApiClient.contentType(response)).startsWith("application/json");
    JsonNode body = json(response);
    assertThat(body.at("/metadatabase/status").asText()).isEqualTo("healthy");
    assertThat(body.at("/redis/status").asText()).isEqualTo("healthy");
    assertThat(body.at("/scheduler/status").asText()).isEqualTo("healthy");
    assertThat(body.at("/scheduler/latest_scheduler_heartbeat").asText())
        .isEqualTo("2026-03-01T11:59:50Z");
  }

  @Test
  void health_is_503_and_names_redis_when_redis_does_not_answer() throws IOException {
    api.schedulerCheckedIn(NOW.minusSeconds(10));
    api.start("redis://127.0.0.1:" + closedPort(), CLOCK);

    HttpResponse<String> response = api.anonymous().get("/api/v1/health");

    assertThat(response.statusCode()).isEqualTo(503);
    JsonNode body = json(response);
    assertThat(body.at("/redis/status").asText()).isEqualTo("unhealthy");
    assertThat(body.at("/metadatabase/status").asText()).isEqualTo("healthy");
    assertThat(body.at("/scheduler/status").asText()).isEqualTo("healthy");
  }

  @Test
  void health_is_503_when_the_last_scheduler_heartbeat_is_older_than_30_seconds() {
    api.schedulerCheckedIn(NOW.minusSeconds(31));
    api.start(RedisExtension.url(), CLOCK);

    HttpResponse<String> response = api.anonymous().get("/api/v1/health");

    assertThat(response.statusCode()).isEqualTo(503);
    JsonNode body = json(response);
    assertThat(body.at("/scheduler/status").asText()).isEqualTo("unhealthy");
    assertThat(body.at("/scheduler/latest_scheduler_heartbeat").asText())
        .isEqualTo("2026-03-01T11:59:29Z");
    assertThat(body.at("/redis/status").asText()).isEqualTo("healthy");
  }

  @Test
  void a_scheduler_that_never_checked_in_is_unhealthy_with_a_null_heartbeat() {
    api.start(RedisExtension.url(), CLOCK);

    JsonNode body = json(api.anonymous().get("/api/v1/health"));

    assertThat(body.at("/scheduler/status").asText()).isEqualTo("unhealthy");
    assertThat(body.at("/scheduler/latest_scheduler_heartbeat").isNull()).isTrue();
  }

  @Test
  void health_still_answers_503_when_the_metadatabase_is_down() {
    api.schedulerCheckedIn(NOW.minusSeconds(10));
    api.start(RedisExtension.url(), CLOCK);
    api.database.close();

    HttpResponse<String> response = api.anonymous().get("/api/v1/health");

    assertThat(response.statusCode()).isEqualTo(503);
    JsonNode body = json(response);
    assertThat(body.at("/metadatabase/status").asText()).isEqualTo("unhealthy");
    assertThat(body.at("/redis/status").asText()).isEqualTo("healthy");
    assertThat(body.at("/scheduler/status").asText()).isEqualTo("unhealthy");
  }

  /** A port nothing listens on: a real connection there is refused. */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}

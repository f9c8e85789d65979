package io.updraft.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.net.http.HttpResponse;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every answer says how long the server spent on it, for browsers' tools and the benchmark. */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class ServerTimingHeaderTest {
  private TestApi api;

  @BeforeEach
  void connect() {
    api = TestApi.connect();
    api.start(RedisExtension.url(), Clock.systemUTC());
  }

  @AfterEach
  void close() {
    api.close();
  }

  @Test
  void api_calls_pages_and_refusals_carry_the_server_time_in_milliseconds() {
    HttpResponse<String> health = api.anonymous().get("/api/v1/health");
    HttpResponse<String> refused = api.anonymous().get("/api/v1/dags");

    assertThat(health.headers().firstValue("Server-Timing"))
        .hasValueSatisfying(v -> assertThat(v).matches("app;dur=[0-9]+\\.[0-9]"));
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.headers().firstValue("Server-Timing"))
        .hasValueSatisfying(v -> assertThat(v).matches("app;dur=[0-9]+\\.[0-9]"));
  }
}

package io.updraft.api;

import static io.updraft.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import io.updraft.testing.TcpProxy;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The API reaches its database through a proxy that the test cuts, as a database server going away
 * and coming back (the shared server itself is never stopped).
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class DatabaseOutageApiTest {
  private TcpProxy proxy;
  private TestApi api;

  @BeforeEach
  void connect() {
    URI direct = URI.create(PostgresExtension.database().jdbcUrl().substring("jdbc:".length()));
    proxy = TcpProxy.start(direct.getHost(), direct.getPort() == -1 ? 5432 : direct.getPort());
    api =
        TestApi.connectAt(
            PostgresExtension.database()
                .jdbcUrl()
                .replace(direct.getHost() + ":" + direct.getPort(), "127.0.0.1:" + proxy.port()));
    api.start(RedisExtension.url(), Clock.systemUTC());
  }

  @AfterEach
  void close() {
    proxy.restore();
    api.close();
    proxy.close();
  }

  @Test
  void while_the_database_is_unreachable_health_is_503_at_once_and_reads_say_retry_later() {
    ApiClient client = api.client();
    api.schedulerCheckedIn(Clock.systemUTC().instant());
    assertThat(client.get("/api/v1/dags").statusCode()).isEqualTo(200);
    assertThat(api.anonymous().get("/api/v1/health").statusCode()).isEqualTo(200);

    proxy.cut();

    assertHealthIs503WithinASecond();

    HttpResponse<String> read = client.get("/api/v1/dags");
    assertThat(read.statusCode()).as(read.body()).isEqualTo(503);
    assertThat(read.headers().firstValue("Retry-After")).contains("5");
    assertThat(ApiClient.contentType(read)).startsWith(Problems.CONTENT_TYPE);
    assertThat(json(read).at("/detail").asText()).contains("database is unreachable", "Try again");
    // Again, now that no pooled connection is left to fail on at once: the pool's timeout.
    assertHealthIs503WithinASecond();
    HttpResponse<String> waited = client.get("/api/v1/dags");
    assertThat(waited.statusCode()).as(waited.body()).isEqualTo(503);
    assertThat(waited.headers().firstValue("Retry-After")).contains("5");

    proxy.restore();

    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> api.anonymous().get("/api/v1/health").statusCode() == 200);
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> client.get("/api/v1/dags").statusCode() == 200);
  }

  private void assertHealthIs503WithinASecond() {
    long started = System.nanoTime();
    HttpResponse<String> health = api.anonymous().get("/api/v1/health");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    assertThat(health.statusCode()).isEqualTo(503);
    JsonNode body = json(health);
    assertThat(body.at("/metadatabase/status").asText()).isEqualTo("unhealthy");
    assertThat(body.at("/redis/status").asText()).isEqualTo("healthy");
  }
}

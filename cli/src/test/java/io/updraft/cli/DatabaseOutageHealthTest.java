package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.updraft.core.config.DatabaseConfig;
import io.updraft.core.config.RedisConfig;
import io.updraft.core.config.UpdraftConfig;
import io.updraft.core.dag.DagBag;
import io.updraft.core.json.Json;
import io.updraft.scheduler.SchedulerService;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import io.updraft.testing.TcpProxy;
import io.updraft.worker.Worker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A scheduler and a worker reach their database through a proxy that the test cuts, as a database
 * server going away and coming back (the shared server itself is never stopped).
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class DatabaseOutageHealthTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<AutoCloseable> opened = new ArrayList<>();
  private TcpProxy proxy;
  private ProcessEndpoints schedulerEndpoints;
  private ProcessEndpoints workerEndpoints;

  @BeforeEach
  void start() throws Exception {
    var db = PostgresExtension.database();
    URI direct = URI.create(db.jdbcUrl().substring("jdbc:".length()));
    proxy = TcpProxy.start(direct.getHost(), direct.getPort() == -1 ? 5432 : direct.getPort());
    String proxied =
        db.jdbcUrl()
            .replace(direct.getHost() + ":" + direct.getPort(), "127.0.0.1:" + proxy.port());
    UpdraftConfig config =
        UpdraftConfig.defaults()
            .withDatabase(new DatabaseConfig(proxied, db.user(), db.password(), 4))
            .withRedis(new RedisConfig(RedisExtension.url(), RedisExtension.namespace()));
    Backends backends = opened(Backends.open(config, true));
    SchedulerService scheduler = opened(Processes.scheduler(backends, DagBag.of()));
    schedulerEndpoints =
        opened(
            ProcessEndpoints.start(
                "127.0.0.1",
                0,
                "scheduler.metrics_port",
                backends.metrics()::scrape,
                Processes.schedulerHealth(backends, scheduler)::check));
    scheduler.start();
    Worker worker =
        opened(Processes.worker(backends, DagBag.of(), "outage-worker", List.of("default"), 2));
    workerEndpoints =
        opened(
            ProcessEndpoints.start(
                "127.0.0.1",
                0,
                "worker.metrics_port",
                backends.metrics()::scrape,
                Processes.workerHealth(backends, worker)::check));
    worker.start();
  }

  private <T extends AutoCloseable> T opened(T part) {
    opened.add(part);
    return part;
  }

  @AfterEach
  void stop() {
    proxy.restore();
    for (AutoCloseable part : opened.reversed()) {
      try {
        part.close();
      } catch (Exception e) {
        // closing anyway
      }
    }
    proxy.close();
  }

  @Test
  void scheduler_and_worker_health_say_503_within_a_second_while_the_database_is_unreachable()
      throws Exception {
    for (ProcessEndpoints endpoints : List.of(schedulerEndpoints, workerEndpoints)) {
      await().atMost(Duration.ofSeconds(15)).until(() -> health(endpoints).statusCode() == 200);
    }

    proxy.cut();

    for (int round = 0; round < 2; round++) {
      for (ProcessEndpoints endpoints : List.of(schedulerEndpoints, workerEndpoints)) {
        long started = System.nanoTime();
        HttpResponse<String> response = health(endpoints);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        assertThat(response.statusCode()).isEqualTo(503);
        JsonNode body = Json.MAPPER.readTree(response.body());
        assertThat(body.at("/metadatabase/status").asText()).isEqualTo("unhealthy");
        assertThat(body.at("/redis/status").asText()).isEqualTo("healthy");
      }
    }

    proxy.restore();

    for (ProcessEndpoints endpoints : List.of(schedulerEndpoints, workerEndpoints)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> health(endpoints).statusCode() == 200);
    }
  }

  private HttpResponse<String> health(ProcessEndpoints endpoints) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoints.port() + "/health"))
            .timeout(Duration.ofSeconds(40))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}

package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.updraft.core.config.DatabaseConfig;
import io.updraft.core.config.RedisConfig;
import io.updraft.core.config.UpdraftConfig;
import io.updraft.core.connection.Connection;
import io.updraft.core.dag.DagBag;
import io.updraft.core.hook.ConnectionLookup;
import io.updraft.core.hook.Hooks;
import io.updraft.core.json.Json;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.RenderedField;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.RunState;
import io.updraft.dags.ExampleBigQueryDag;
import io.updraft.scheduler.SchedulerService;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import io.updraft.testing.TestDatabase;
import io.updraft.worker.Worker;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The example BigQuery DAG run by a scheduler and a worker against a local server speaking
 * BigQuery's REST API for jobs (jobs.insert, jobs.get): a submitted job is done at once.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class ExampleBigQueryDagEndToEndTest {
  private static final String PROJECT = "analytics-test";
  private static final String JOBS = "/bigquery/v2/projects/" + PROJECT + "/jobs";

  @StartStop private final MockWebServer bigQuery = new MockWebServer();

  private final List<RecordedRequest> requests = new ArrayList<>();
  private Backends backends;
  private SchedulerService scheduler;
  private Worker worker;
  private Hooks hooks;

  @BeforeEach
  void start() throws Exception {
    TestDatabase db = PostgresExtension.database();
    UpdraftConfig config =
        UpdraftConfig.defaults()
            .withDatabase(new DatabaseConfig(db.jdbcUrl(), db.user(), db.password(), 4))
            .withRedis(new RedisConfig(RedisExtension.url(), RedisExtension.namespace()));
    backends = Backends.open(config, true);
    Connection bq =
        new Connection(
            ExampleBigQueryDag.CONN_ID,
            "google_cloud_platform",
            null,
            null,
            null,
            null,
            null,
            null,
            Map.of(
                "project",
                PROJECT,
                "endpoint",
                "http://" + bigQuery.getHostName() + ":" + bigQuery.getPort(),
                "poll_interval",
                "0.05"));
    hooks =
        Hooks.load(
            ConnectionLookup.of(Map.of(ExampleBigQueryDag.CONN_ID, bq)),
            getClass().getClassLoader());
    DagBag dags = DagBag.of(new ExampleBigQueryDag().dags().getFirst());
    scheduler = Processes.scheduler(backends, dags);
    scheduler.start();
    worker = Processes.worker(backends, dags, "e2e-bigquery-worker", List.of("default"), 2, hooks);
    worker.start();
    bigQuery.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            synchronized (requests) {
              requests.add(request);
            }
            if (!request.getTarget().startsWith(JOBS)) {
              return new MockResponse.Builder().code(404).build();
            }
            String jobId;
            if (request.getMethod().equals("POST")) {
              jobId = Json.read(bodyOf(request), JsonNode.class).at("/jobReference/jobId").asText();
            } else {
              String path = request.getUrl().encodedPath();
              jobId = path.substring(path.lastIndexOf('/') + 1);
            }
            return new MockResponse.Builder()
                .setHeader("Content-Type", "application/json")
                .body(
                    "{\"kind\": \"bigquery#job\", \"jobReference\": {\"projectId\": \""
                        + PROJECT
                        + "\", \"jobId\": \""
                        + jobId
                        + "\"}, \"status\": {\"state\": \"DONE\"}}")
                .build();
          }
        });
  }

  @AfterEach
  void stop() {
    worker.close();
    scheduler.close();
    hooks.close();
    backends.close();
  }

  /** The request's body as text; Google's clients gzip what they send. */
  private static String bodyOf(RecordedRequest request) {
    byte[] bytes = request.getBody().toByteArray();
    if (!"gzip".equalsIgnoreCase(request.getHeaders().get("Content-Encoding"))) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void the_daily_bigquery_job_is_submitted_with_the_rendered_query_and_destination() {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> backends.dags.find(ExampleBigQueryDag.DAG_ID).isPresent());
    var structure = backends.dags.find(ExampleBigQueryDag.DAG_ID).orElseThrow().structure();
    DagRun created =
        backends
            .runs
            .createRun(
                NewDagRun.manual(ExampleBigQueryDag.DAG_ID, backends.clock.instant(), Map.of()),
                structure)
            .orElseThrow();
    backends.events().publish(created.id());
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> backends.runs.findRun(created.id()).orElseThrow().state().isTerminal());
    DagRun run = backends.runs.findRun(created.id()).orElseThrow();
    TaskInstance ti = backends.runs.taskInstances(run.id()).getFirst();
    assertThat(run.state())
        .as("log: %s", backends.logs.read(ti.id(), 1))
        .isEqualTo(RunState.SUCCESS);

    String day = LocalDate.ofInstant(run.logicalDate(), ZoneOffset.UTC).toString();
    String table = "daily_sales_" + day.replace("-", "");
    String expectedQuery =
        "select customer, sum(amount) as amount from sales.orders where ordered_on = '"
            + day
            + "' group by customer";
    JsonNode inserted;
    synchronized (requests) {
      // The scheduler may also run the latest scheduled day: the manual run's job is the one
      // into its own day's table.
      inserted =
          requests.stream()
              .filter(r -> r.getMethod().equals("POST"))
              .map(r -> Json.read(bodyOf(r), JsonNode.class))
              .filter(
                  b -> b.at("/configuration/query/destinationTable/tableId").asText().equals(table))
              .findFirst()
              .orElseThrow();
      String polled = JOBS + "/" + inserted.at("/jobReference/jobId").asText();
      assertThat(requests)
          .extracting(RecordedRequest::getTarget)
          .anyMatch(t -> t.startsWith(polled));
    }
    JsonNode query = inserted.at("/configuration/query");
    assertThat(query.get("query").asText()).isEqualTo(expectedQuery);
    assertThat(query.get("useLegacySql").asBoolean(true)).isFalse();
    assertThat(query.at("/destinationTable/datasetId").asText()).isEqualTo("reports");
    assertThat(query.get("writeDisposition").asText()).isEqualTo("WRITE_TRUNCATE");
    assertThat(inserted.at("/jobReference/projectId").asText()).isEqualTo(PROJECT);
    assertThat(backends.renderedFields.read(ti.id(), 1))
        .contains(new RenderedField(ExampleBigQueryDag.QUERY, expectedQuery));
  }
}

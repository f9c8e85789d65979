package io.updraft.hooks.google;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.updraft.core.connection.Connection;
import io.updraft.core.hook.ConnectionLookup;
import io.updraft.core.hook.Hooks;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The BigQuery hook against a local server speaking BigQuery's REST API. */
class BigQueryHookTest {
  static final String JOBS = "/bigquery/v2/projects/test-project/jobs";

  private final WireMockServer server = new WireMockServer(options().dynamicPort());
  private Hooks hooks;
  private BigQueryHook bq;

  @BeforeEach
  void start() {
    server.start();
    Connection conn =
        new Connection(
            "bq",
            "google_cloud_platform",
            null,
            null,
            null,
            null,
            null,
            null,
            Map.of(
                "project", "test-project",
                "location", "EU",
                "endpoint", server.baseUrl(),
                "poll_interval", "0.05"));
    hooks = Hooks.load(ConnectionLookup.of(Map.of("bq", conn)), getClass().getClassLoader());
    bq = hooks.open("bq", BigQueryHook.class);
  }

  @AfterEach
  void stop() {
    bq.close();
    hooks.close();
    server.stop();
  }

  static String job(String id, String state, String error) {
    return "{\"jobReference\": {\"projectId\": \"test-project\", \"jobId\": \""
        + id
        + "\", \"location\": \"EU\"}, \"status\": {\"state\": \""
        + state
        + "\""
        + (error == null
            ? ""
            : ", \"errorResult\": {\"reason\": \"invalidQuery\", \"message\": \"" + error + "\"}")
        + "}}";
  }

  @Test
  void a_job_from_airflow_style_configuration_is_inserted_and_polled_until_done() throws Exception {
    server.stubFor(post(urlPathEqualTo(JOBS)).willReturn(okJson(job("daily_1", "RUNNING", null))));
    server.stubFor(
        get(urlPathEqualTo(JOBS + "/daily_1"))
            .inScenario("poll")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(okJson(job("daily_1", "RUNNING", null)))
            .willSetStateTo("done"));
    server.stubFor(
        get(urlPathEqualTo(JOBS + "/daily_1"))
            .inScenario("poll")
            .whenScenarioStateIs("done")
            .willReturn(okJson(job("daily_1", "DONE", null))));

    String id =
        bq.insertJob(
            Map.of(
                "query",
                Map.of(
                    "query",
                    "select * from sales.orders where day = '2026-01-01'",
                    "useLegacySql",
                    false,
                    "destinationTable",
                    Map.of("projectId", "test-project", "datasetId", "sales", "tableId", "daily"),
                    "writeDisposition",
                    "WRITE_TRUNCATE")),
            "daily_1");

    assertThat(id).isEqualTo("daily_1");
    server.verify(
        postRequestedFor(urlPathEqualTo(JOBS))
            .withRequestBody(
                equalToJson(
                    "{\"jobReference\": {\"projectId\": \"test-project\", \"jobId\": \"daily_1\","
                        + " \"location\": \"EU\"}, \"configuration\": {\"query\": {\"query\":"
                        + " \"select * from sales.orders where day = '2026-01-01'\", \"useLegacySql\":"
                        + " false, \"destinationTable\": {\"projectId\": \"test-project\","
                        + " \"datasetId\": \"sales\", \"tableId\": \"daily\"}, \"writeDisposition\":"
                        + " \"WRITE_TRUNCATE\"}}}",
                    true,
                    true)));
    assertThat(
            server.findAll(
                com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                    urlPathEqualTo(JOBS + "/daily_1"))))
        .hasSize(2);
  }

  @Test
  void a_failed_job_raises_its_reason_and_message() {
    server.stubFor(post(urlPathEqualTo(JOBS)).willReturn(okJson(job("bad", "RUNNING", null))));
    server.stubFor(
        get(urlPathEqualTo(JOBS + "/bad"))
            .willReturn(okJson(job("bad", "DONE", "Unrecognized name: dya"))));

    assertThatThrownBy(() -> bq.insertJob(Map.of("query", Map.of("query", "select dya")), "bad"))
        .isInstanceOf(BigQueryJobException.class)
        .hasMessage("BigQuery job bad failed: invalidQuery: Unrecognized name: dya");
  }

  @Test
  void a_query_with_named_parameters_returns_typed_records_across_pages() throws Exception {
    server.stubFor(
        post(urlPathEqualTo(JOBS))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withTransformers("response-template")
                    .withBody(
                        job("{{jsonPath request.body '$.jobReference.jobId'}}", "DONE", null))));
    server.stubFor(
        get(urlPathMatching(JOBS + "/updraft_.*")).willReturn(okJson(job("any", "DONE", null))));
    String schema =
        "\"schema\": {\"fields\": [{\"name\": \"sku\", \"type\": \"STRING\"}, {\"name\": \"qty\","
            + " \"type\": \"INTEGER\"}, {\"name\": \"price\", \"type\": \"FLOAT\"}, {\"name\":"
            + " \"gift\", \"type\": \"BOOLEAN\"}]}";
    server.stubFor(
        get(urlPathMatching("/bigquery/v2/projects/test-project/queries/updraft_.*"))
            .withQueryParam("pageToken", com.github.tomakehurst.wiremock.client.WireMock.absent())
            .willReturn(
                okJson(
                    "{\"jobComplete\": true, \"totalRows\": \"2\", "
                        + schema
                        + ", \"pageToken\": \"p2\", \"rows\": [{\"f\": [{\"v\": \"A1\"}, {\"v\":"
                        + " \"3\"}, {\"v\": \"1.5\"}, {\"v\": \"true\"}]}]}")));
    server.stubFor(
        get(urlPathMatching("/bigquery/v2/projects/test-project/queries/updraft_.*"))
            .withQueryParam(
                "pageToken", com.github.tomakehurst.wiremock.client.WireMock.equalTo("p2"))
            .willReturn(
                okJson(
                    "{\"jobComplete\": true, \"totalRows\": \"2\", "
                        + schema
                        + ", \"rows\": [{\"f\": [{\"v\": \"B2\"}, {\"v\": \"5\"}, {\"v\": null},"
                        + " {\"v\": \"false\"}]}]}")));

    List<Map<String, Object>> rows =
        bq.records(
            "select * from t where day = @day and qty > @min",
            Map.of("day", "2026-01-01", "min", 2));

    assertThat(rows).hasSize(2);
    assertThat(rows.get(0))
        .containsEntry("sku", "A1")
        .containsEntry("qty", 3L)
        .containsEntry("price", 1.5)
        .containsEntry("gift", true);
    assertThat(rows.get(1)).containsEntry("sku", "B2").containsEntry("price", null);
    server.verify(
        postRequestedFor(urlPathEqualTo(JOBS))
            .withRequestBody(
                matchingJsonPath(
                    "$.configuration.query.parameterMode",
                    com.github.tomakehurst.wiremock.client.WireMock.equalTo("NAMED")))
            .withRequestBody(
                matchingJsonPath(
                    "$.configuration.query.queryParameters[?(@.name == 'min')].parameterType.type",
                    com.github.tomakehurst.wiremock.client.WireMock.containing("INT64"))));
  }

  @Test
  void insert_rows_posts_them_to_insert_all_and_read_rows_uses_the_table_schema() {
    String table = "/bigquery/v2/projects/test-project/datasets/sales/tables/orders";
    server.stubFor(
        post(urlPathEqualTo(table + "/insertAll"))
            .willReturn(okJson("{\"kind\": \"bigquery#tableDataInsertAllResponse\"}")));
    server.stubFor(
        get(urlPathEqualTo(table))
            .willReturn(
                okJson(
                    "{\"tableReference\": {\"projectId\": \"test-project\", \"datasetId\":"
                        + " \"sales\", \"tableId\": \"orders\"}, \"schema\": {\"fields\":"
                        + " [{\"name\": \"sku\", \"type\": \"STRING\"}, {\"name\": \"qty\","
                        + " \"type\": \"INT64\"}]}}")));
    server.stubFor(
        get(urlPathEqualTo(table + "/data"))
            .willReturn(
                okJson(
                    "{\"totalRows\": \"1\", \"rows\": [{\"f\": [{\"v\": \"A1\"}, {\"v\":"
                        + " \"3\"}]}]}")));

    bq.insertRows("sales", "orders", List.of(Map.of("sku", "A1", "qty", 3)));
    List<Map<String, Object>> read = bq.readRows("sales", "orders", 10);

    server.verify(
        postRequestedFor(urlPathEqualTo(table + "/insertAll"))
            .withRequestBody(
                equalToJson(
                    "{\"rows\": [{\"json\": {\"sku\": \"A1\", \"qty\": 3}}]}", true, true)));
    assertThat(read).containsExactly(Map.of("sku", "A1", "qty", 3L));
  }

  @Test
  void refused_rows_name_the_row_and_the_reason() {
    server.stubFor(
        post(urlPathMatching(".*/insertAll"))
            .willReturn(
                okJson(
                    "{\"insertErrors\": [{\"index\": 0, \"errors\": [{\"reason\": \"invalid\","
                        + " \"message\": \"no such field: qtty\"}]}]}")));

    assertThatThrownBy(() -> bq.insertRows("sales", "orders", List.of(Map.of("qtty", 1))))
        .hasMessageContaining("sales.orders")
        .hasMessageContaining("row 0: no such field: qtty");
  }

  @Test
  void an_interrupted_wait_cancels_the_job() {
    server.stubFor(post(urlPathEqualTo(JOBS)).willReturn(okJson(job("slow", "RUNNING", null))));
    server.stubFor(
        get(urlPathEqualTo(JOBS + "/slow")).willReturn(okJson(job("slow", "RUNNING", null))));
    server.stubFor(
        post(urlPathEqualTo(JOBS + "/slow/cancel"))
            .willReturn(okJson("{\"job\": " + job("slow", "DONE", null) + "}")));
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread waiting =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    bq.insertJob(Map.of("query", Map.of("query", "select 1")), "slow");
                  } catch (Throwable e) {
                    thrown.set(e);
                  }
                });
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                server
                        .findAll(
                            com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                                urlPathEqualTo(JOBS + "/slow")))
                        .size()
                    >= 2);

    waiting.interrupt();

    await().atMost(Duration.ofSeconds(10)).until(() -> thrown.get() != null);
    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    server.verify(postRequestedFor(urlPathEqualTo(JOBS + "/slow/cancel")));
  }
}

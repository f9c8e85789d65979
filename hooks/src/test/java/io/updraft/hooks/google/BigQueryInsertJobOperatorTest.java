package io.updraft.hooks.google;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.updraft.core.connection.Connection;
import io.updraft.core.hook.ConnectionLookup;
import io.updraft.core.hook.Hooks;
import io.updraft.hooks.testing.TestTaskContext;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BigQueryInsertJobOperatorTest {
  private final WireMockServer server = new WireMockServer(options().dynamicPort());
  private Hooks hooks;
  private TestTaskContext context;

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
                "project", "test-project", "endpoint", server.baseUrl(), "poll_interval", "0.01"));
    hooks = Hooks.load(ConnectionLookup.of(Map.of("bq", conn)), getClass().getClassLoader());
    context = new TestTaskContext(hooks, Instant.parse("2026-03-01T00:00:00Z"));
  }

  @AfterEach
  void stop() {
    context.close();
    hooks.close();
    server.stop();
  }

  @Test
  void the_configuration_is_rendered_submitted_and_the_job_id_returned() throws Exception {
    String jobs = BigQueryHookTest.JOBS;
    server.stubFor(
        post(urlPathEqualTo(jobs))
            .willReturn(
                okJson(
                    BigQueryHookTest.job("load_20260301", "RUNNING", null)
                        .replace("\"EU\"", "null"))));
    server.stubFor(
        get(urlPathEqualTo(jobs + "/load_20260301"))
            .willReturn(okJson(BigQueryHookTest.job("load_20260301", "DONE", null))));
    var operator =
        new BigQueryInsertJobOperator(
            "bq",
            Map.of(
                "query",
                Map.of(
                    "query", "select * from sales where day = '{{ ds }}'", "useLegacySql", false)),
            "load_{{ ds_nodash }}");

    Object jobId = operator.execute(context);

    assertThat(jobId).isEqualTo("load_20260301");
    server.verify(
        postRequestedFor(urlPathEqualTo(jobs))
            .withRequestBody(
                equalToJson(
                    "{\"configuration\": {\"query\": {\"query\": \"select * from sales where day ="
                        + " '2026-03-01'\", \"useLegacySql\": false}}}",
                    true,
                    true)));
    assertThat(context.hooksOpened()).isEqualTo(1);
  }
}

package io.updraft.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.testing.PostgresExtension;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class MetricsEndpointTest {
  private TestApi api;

  @BeforeEach
  void start() {
    api = TestApi.connect().start();
  }

  @AfterEach
  void close() {
    api.close();
  }

  @Test
  void metrics_are_served_in_the_prometheus_text_format_without_signing_in() {
    HttpResponse<String> response = api.anonymous().get("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(ApiClient.contentType(response)).startsWith("text/plain; version=0.0.4");
    assertThat(response.body()).isEqualTo(TestApi.METRICS);
  }
}

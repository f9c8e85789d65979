package io.updraft.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TracesConfigTest {
  private static final String TOKEN = "tok-3b9e-never-printed";

  @Test
  void traces_are_off_by_default() {
    TracesConfig traces = ConfigLoader.load(null, Map.of()).traces();

    assertThat(traces.isEnabled()).isFalse();
    assertThat(traces.serviceName()).isEqualTo("updraft");
    assertThat(traces.maxQueueSize()).isEqualTo(2048);
  }

  @Test
  void the_environment_turns_them_on_and_the_traces_path_is_added_to_a_bare_endpoint() {
    TracesConfig traces =
        ConfigLoader.load(
                null,
                Map.of(
                    "UPDRAFT_TRACES__OTLP_ENDPOINT", "http://collector:4318",
                    "UPDRAFT_TRACES__SERVICE_NAME", "etl-prod",
                    "UPDRAFT_TRACES__OTLP_HEADERS", "Authorization=Bearer " + TOKEN + ",X-A=b=c"))
            .traces();

    assertThat(traces.isEnabled()).isTrue();
    assertThat(traces.tracesUrl()).isEqualTo("http://collector:4318/v1/traces");
    assertThat(traces.serviceName()).isEqualTo("etl-prod");
    assertThat(traces.headers())
        .containsExactly(Map.entry("Authorization", "Bearer " + TOKEN), Map.entry("X-A", "b=c"));
  }

  @Test
  void an_endpoint_with_a_path_is_used_as_it_is() {
    assertThat(
            new TracesConfig("https://otel.example.com/otlp/v1/traces", null, null, null)
                .tracesUrl())
        .isEqualTo("https://otel.example.com/otlp/v1/traces");
  }

  @Test
  void an_endpoint_that_is_not_an_http_url_is_refused_naming_the_key() {
    assertThatThrownBy(() -> new TracesConfig("collector:4318", null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("traces.otlp_endpoint")
        .hasMessageContaining("UPDRAFT_TRACES__OTLP_ENDPOINT");
    assertThatThrownBy(() -> new TracesConfig("grpc://collector:4317", null, null, null))
        .hasMessageContaining("traces.otlp_endpoint");
    assertThatThrownBy(
            () -> new TracesConfig("http://me:" + TOKEN + "@collector", null, null, null))
        .hasMessageContaining("traces.otlp_headers")
        .message()
        .doesNotContain(TOKEN);
  }

  @Test
  void malformed_headers_are_refused_without_printing_them() {
    assertThatThrownBy(
            () -> new TracesConfig("http://collector:4318", null, "Authorization " + TOKEN, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("traces.otlp_headers")
        .hasMessageContaining("entry 1")
        .message()
        .doesNotContain(TOKEN);
  }

  @Test
  void a_queue_size_below_one_is_refused_naming_the_key() {
    assertThatThrownBy(() -> new TracesConfig(null, null, null, 0))
        .hasMessageContaining("traces.max_queue_size");
  }

  @Test
  void the_headers_never_reach_a_log_line_or_config_show() {
    UpdraftConfig config =
        UpdraftConfig.defaults()
            .withTraces(
                new TracesConfig("http://collector:4318", null, "Authorization=" + TOKEN, null));

    assertThat(config.traces().toString()).doesNotContain(TOKEN).contains("Authorization");
    assertThat(ConfigYaml.of(config))
        .doesNotContain(TOKEN)
        .contains("otlp_endpoint: http://collector:4318")
        .contains("otlp_headers: '***'");
  }
}

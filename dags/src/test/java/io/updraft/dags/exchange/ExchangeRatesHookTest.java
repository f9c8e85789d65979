package io.updraft.dags.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.core.connection.Connection;
import io.updraft.core.hook.ConnectionLookup;
import io.updraft.core.hook.Hooks;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How to test a hook of your own: a real local HTTP server, a connection, the hook registry. */
class ExchangeRatesHookTest {
  @StartStop private final MockWebServer server = new MockWebServer();
  private Hooks hooks;

  @BeforeEach
  void open() {
    Connection rates =
        Connection.fromUri(
            "rates",
            "exchange-rates://:key-123@" + server.getHostName() + ":" + server.getPort() + "/http");
    hooks = Hooks.load(ConnectionLookup.of(Map.of("rates", rates)), getClass().getClassLoader());
  }

  @AfterEach
  void close() {
    hooks.close();
  }

  @Test
  void the_factory_is_found_by_conn_type_and_declares_its_form_fields() {
    var factory = hooks.factory("exchange_rates").orElseThrow();

    assertThat(factory.hookType()).isEqualTo(ExchangeRatesHook.class);
    assertThat(factory.fields()).anyMatch(f -> f.name().equals("password") && f.secret());
  }

  @Test
  void a_rate_is_read_with_the_api_key_from_the_connection() throws Exception {
    server.enqueue(new MockResponse.Builder().body("{\"rates\": {\"USD\": 1.0842}}").build());

    try (ExchangeRatesHook hook = hooks.open("rates", ExchangeRatesHook.class)) {
      assertThat(hook.rate("EUR", "USD", LocalDate.of(2026, 3, 1)))
          .isEqualTo(new BigDecimal("1.0842"));
    }

    RecordedRequest request = server.takeRequest();
    assertThat(request.getTarget()).isEqualTo("/v1/rates/2026-03-01?base=EUR&symbols=USD");
    assertThat(request.getHeaders().get("X-Api-Key")).isEqualTo("key-123");
  }

  @Test
  void an_error_answer_names_the_status_but_not_the_key() {
    server.enqueue(new MockResponse.Builder().code(401).build());
    server.enqueue(new MockResponse.Builder().code(503).build());

    try (ExchangeRatesHook hook = hooks.open("rates", ExchangeRatesHook.class)) {
      assertThatThrownBy(() -> hook.rate("EUR", "USD", LocalDate.of(2026, 3, 1)))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("HTTP 401")
          .hasMessageNotContaining("key-123");
      assertThat(hook.test().ok()).isFalse();
    }
  }
}

package io.updraft.api;

import static io.updraft.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.updraft.core.auth.Role;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Param;
import io.updraft.core.dag.Task;
import io.updraft.core.json.Json;
import io.updraft.core.run.DagRun;
import io.updraft.testing.PostgresExtension;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What whoever may trigger a run can send: every hostile run id, conf, param and date is a 400
 * problem that says what was wrong, never a 500, and creates no run.
 */
@ExtendWith(PostgresExtension.class)
class RunInputAttacksApiTest {
  private static final String TRIGGER = "/api/v1/dags/etl/dagRuns";
  private static final Dag DAG =
      Dag.builder("etl")
          .param("table", "sales")
          .param("limit", Param.required("integer"))
          .task(Task.bash("extract", "echo {{ params.table }}"))
          .build();

  private static TestApi api;

  @BeforeAll
  static void start() {
    api = TestApi.connect().start();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @BeforeEach
  void save() {
    api.save(DAG);
  }

  private static HttpResponse<String> trigger(Map<String, Object> body) {
    return api.as(Role.OP).post(TRIGGER, Json.write(body));
  }

  private static Map<String, Object> body(String key, Object value) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("conf", Map.of("limit", 10));
    body.put(key, value);
    return body;
  }

  /** A 400 problem, in UTF-8 that it declares, whose detail contains every expected part. */
  private static void assertBadRequest(HttpResponse<String> response, String... detailParts) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(ApiClient.contentType(response))
        .isEqualToIgnoringCase("application/problem+json;charset=utf-8");
    assertThat(json(response).get("detail").asText()).contains(detailParts);
    assertThat(api.runs.listRuns("etl", 10)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "my run",
        "a/b",
        "../../etc/passwd",
        "<script>alert(1)</script>",
        "{{ 7*7 }}",
        "run\nid",
        "\u202emanual",
        "m\u0430nual", // a Cyrillic a
        "\uff4danual", // a fullwidth m
        ".",
        "..",
        " ",
        ""
      })
  void a_run_id_outside_the_safe_characters_is_a_400_that_lists_them(String runId) {
    assertBadRequest(trigger(body("dag_run_id", runId)), "dag_run_id", "A-Z a-z 0-9 _ . ~ : + -");
  }

  @Test
  void a_nul_character_in_a_run_id_is_a_400_that_names_it() {
    assertBadRequest(trigger(body("dag_run_id", "run\u0000id")), "dag_run_id", "NUL");
  }

  @Test
  void a_run_id_longer_than_250_characters_is_a_400_that_gives_the_limit() {
    assertBadRequest(trigger(body("dag_run_id", "r".repeat(251))), "dag_run_id", "250");
    assertBadRequest(trigger(body("dag_run_id", "r".repeat(100_000))), "dag_run_id", "250");
  }

  @Test
  void a_run_id_that_is_not_a_string_is_a_400() {
    assertBadRequest(trigger(body("dag_run_id", 42)), "dag_run_id", "string");
    assertBadRequest(trigger(body("dag_run_id", Map.of("a", 1))), "dag_run_id", "string");
  }

  @Test
  void a_run_id_of_safe_characters_is_kept_as_given() {
    HttpResponse<String> response =
        trigger(body("dag_run_id", "Nightly_2026-01-01T00:00:00+00:00.v2~retry"));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(json(response).get("dag_run_id").asText())
        .isEqualTo("Nightly_2026-01-01T00:00:00+00:00.v2~retry");
  }

  @Test
  void a_nul_character_in_a_conf_value_or_key_is_a_400_that_says_where() {
    assertBadRequest(
        trigger(Map.of("conf", Map.of("limit", 1, "table", "sa\u0000les"))), "conf.table", "NUL");
    assertBadRequest(
        trigger(Map.of("conf", Map.of("limit", 1, "ta\u0000ble", "sales"))), "conf", "NUL");
    assertBadRequest(
        trigger(Map.of("conf", Map.of("limit", 1, "list", java.util.List.of("ok", "\u0000")))),
        "conf.list[1]",
        "NUL");
  }

  @Test
  void a_body_nested_thousands_deep_is_a_400_not_a_500() {
    String deep = "{\"conf\": " + "[".repeat(5_000) + "]".repeat(5_000) + "}";

    assertBadRequest(api.as(Role.OP).post(TRIGGER, deep), "nested", "64");
  }

  @Test
  void a_conf_nested_deeper_than_the_limit_is_a_400_that_gives_the_limit() {
    String deep = "{\"limit\": 1, \"x\": " + "{\"a\": ".repeat(70) + "1" + "}".repeat(70) + "}";

    assertBadRequest(api.as(Role.OP).post(TRIGGER, "{\"conf\": " + deep + "}"), "nested", "64");
  }

  @Test
  void a_conf_that_is_not_an_object_is_a_400() {
    for (Object conf : java.util.List.of(java.util.List.of(1), "text", 7, true)) {
      assertBadRequest(trigger(Map.of("conf", conf)), "'conf' must be a JSON object");
    }
  }

  @Test
  void a_number_too_large_for_a_double_is_a_400() {
    assertBadRequest(
        api.as(Role.OP).post(TRIGGER, "{\"conf\": {\"limit\": 1, \"x\": 1e999}}"),
        "conf.x",
        "number");
  }

  @Test
  void a_null_conf_value_is_kept_as_null() {
    HttpResponse<String> response =
        api.as(Role.OP).post(TRIGGER, "{\"conf\": {\"limit\": 1, \"note\": null}}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(json(response).at("/conf/note").isNull()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "+99999-01-01T00:00:00Z",
        "-5000-01-01T00:00:00Z",
        "0000-12-31T23:59:59Z",
        "+10000-01-01T00:00:00Z"
      })
  void a_logical_date_outside_years_1_to_9999_is_a_400_that_gives_the_range(String date) {
    assertBadRequest(trigger(body("logical_date", date)), "logical_date", "9999");
  }

  @Test
  void a_logical_date_that_is_not_a_string_is_a_400() {
    assertBadRequest(trigger(body("logical_date", 12345)), "logical_date", "ISO-8601");
  }

  @Test
  void a_logical_date_filter_out_of_range_is_a_400() {
    HttpResponse<String> response =
        api.client().get(TRIGGER + "?logical_date_gte=%2B99999-01-01T00:00:00Z");

    assertBadRequest(response, "logical_date_gte", "9999");
  }

  @Test
  void a_missing_required_param_is_a_400_that_names_it_its_type_and_what_to_do() {
    assertBadRequest(
        trigger(Map.of("conf", Map.of())),
        "DAG 'etl'",
        "param 'limit' is required (integer)",
        "\"limit\"");
  }

  @Test
  void a_param_of_the_wrong_type_is_a_400_that_names_it_and_the_type() {
    for (Object wrong : java.util.List.of("10", true, 1.5, java.util.List.of(1), Map.of())) {
      assertBadRequest(
          trigger(Map.of("conf", Map.of("limit", wrong))), "param 'limit' must be of type integer");
    }
  }

  @Test
  void declared_defaults_fill_the_conf_of_a_run_triggered_through_the_api() {
    HttpResponse<String> response = trigger(Map.of("conf", Map.of("limit", 5, "extra", "kept")));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    DagRun stored = api.runs.listRuns("etl", 10).getFirst();
    assertThat(stored.conf())
        .containsEntry("table", "sales")
        .containsEntry("limit", 5)
        .containsEntry("extra", "kept");
  }

  @Test
  void template_syntax_in_conf_and_run_id_is_stored_as_given() {
    HttpResponse<String> response =
        trigger(
            Map.of(
                "dag_run_id",
                "run_7-7",
                "conf",
                Map.of(
                    "limit", 1, "table", "{{ conn.db.password }}{% for x in [1] %}{% endfor %}")));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode run = json(response);
    assertThat(run.at("/conf/table").asText())
        .isEqualTo("{{ conn.db.password }}{% for x in [1] %}{% endfor %}");
  }

  @Test
  void a_nul_character_in_a_query_parameter_is_a_400_problem() {
    assertBadRequest(api.client().get("/api/v1/dags?tags=a%00b"), "Query parameter 'tags'", "NUL");
    assertBadRequest(api.client().get("/api/v1/dags/etl/dagRuns?st%00ate=x"), "NUL");
  }

  @Test
  void a_nul_character_in_a_path_is_a_400_problem_although_the_server_refuses_it_first() {
    // Jetty refuses an encoded NUL in a path before any route sees it, with a problem body too.
    assertBadRequest(api.client().get("/api/v1/dags/etl/dagRuns/a%00b"), "NUL (%00)");
    HttpResponse<String> refused = api.client().get("/api/v1/dags/e%00tl");
    assertBadRequest(refused, "refused before it reached");
    assertThat(refused.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
  }

  @Test
  void a_nul_character_in_basic_credentials_is_a_401_not_a_500() {
    HttpResponse<String> response =
        ApiClient.basic(api.server(), "admin\u0000-user", "x").get("/api/v1/dags");

    assertThat(response.statusCode()).isEqualTo(401);
  }

  @Test
  void a_nul_character_anywhere_in_an_api_body_is_a_400_for_connections_pools_and_variables() {
    assertBadRequest(
        api.client()
            .post(
                "/api/v1/connections",
                "{\"connection_id\": \"db\", \"conn_type\": \"postgres\","
                    + " \"host\": \"db.example.com\\u0000evil\"}"),
        "host",
        "NUL");
    assertBadRequest(
        api.client().post("/api/v1/pools", "{\"name\": \"p\\u0000\", \"slots\": 1}"), "NUL");
    assertBadRequest(
        api.client().post("/api/v1/variables", "{\"key\": \"k\", \"value\": \"v\\u0000\"}"), "NUL");
  }

  @Test
  void a_problem_about_non_ascii_text_declares_and_is_utf_8() {
    HttpResponse<String> response = api.client().get("/api/v1/dags/%C3%A9t%C3%A9_%E2%9C%93");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(ApiClient.contentType(response))
        .isEqualToIgnoringCase("application/problem+json;charset=utf-8");
    assertThat(json(response).get("detail").asText()).contains("DAG '\u00e9t\u00e9_\u2713'");
  }

  @Test
  void api_responses_are_not_cached_nor_sniffed() {
    for (HttpResponse<String> response :
        java.util.List.of(
            api.client().get("/api/v1/dags"),
            api.client().get("/api/v1/nothing"),
            trigger(body("dag_run_id", "a b")),
            api.anonymous().get("/api/v1/dags"))) {
      assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
      assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    }
  }
}

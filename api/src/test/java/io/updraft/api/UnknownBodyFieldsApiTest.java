package io.updraft.api;

import static io.updraft.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.auth.Role;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.testing.PostgresExtension;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A field an endpoint does not take is a 400 that names it, never silently dropped: a misspelt
 * {@code confs} would otherwise start a run without its conf, a misspelt {@code slot} keep a pool's
 * old size.
 */
@ExtendWith(PostgresExtension.class)
class UnknownBodyFieldsApiTest {
  private static final Dag DAG = Dag.builder("etl").task(Task.bash("extract", "true")).build();

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

  private static void assertUnknownField(HttpResponse<String> response, String field) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(json(response).get("detail").asText())
        .contains("unknown field '" + field + "'", "Remove it or check its spelling");
  }

  @Test
  void a_trigger_with_a_misspelt_conf_is_a_400_that_names_the_field_and_creates_no_run() {
    HttpResponse<String> response =
        api.as(Role.OP).post("/api/v1/dags/etl/dagRuns", "{\"confs\": {\"day\": 1}}");

    assertUnknownField(response, "confs");
    assertThat(json(response).get("detail").asText()).contains("dag_run_id, logical_date, conf");
    assertThat(api.runs.listRuns("etl", 10)).isEmpty();
  }

  @Test
  void a_trigger_with_only_known_fields_still_creates_its_run() {
    HttpResponse<String> response =
        api.as(Role.OP).post("/api/v1/dags/etl/dagRuns", "{\"conf\": {\"day\": 1}}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(api.runs.listRuns("etl", 10)).hasSize(1);
  }

  @Test
  void a_pool_change_with_a_misspelt_field_is_a_400_and_keeps_the_pool() {
    ApiClient admin = api.as(Role.ADMIN);
    assertThat(admin.post("/api/v1/pools", "{\"name\": \"db\", \"slots\": 2}").statusCode())
        .isEqualTo(201);

    assertUnknownField(admin.patch("/api/v1/pools/db", "{\"slot\": 9}"), "slot");
    assertThat(json(admin.get("/api/v1/pools/db")).get("slots").asInt()).isEqualTo(2);
  }

  @Test
  void a_pool_read_from_the_api_can_be_sent_back_changed() {
    ApiClient admin = api.as(Role.ADMIN);
    admin.post("/api/v1/pools", "{\"name\": \"db\", \"slots\": 2}");
    String read = admin.get("/api/v1/pools/db").body().replace("\"slots\":2", "\"slots\":5");

    HttpResponse<String> response = admin.patch("/api/v1/pools/db", read);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(json(response).get("slots").asInt()).isEqualTo(5);
  }

  @Test
  void pausing_with_a_misspelt_field_is_a_400() {
    assertUnknownField(api.as(Role.OP).patch("/api/v1/dags/etl", "{\"paused\": true}"), "paused");
  }

  @Test
  void a_variable_with_an_unknown_field_is_a_400_and_is_not_stored() {
    ApiClient admin = api.as(Role.ADMIN);

    assertUnknownField(
        admin.post("/api/v1/variables", "{\"key\": \"k\", \"value\": \"v\", \"secret\": true}"),
        "secret");
    assertThat(admin.get("/api/v1/variables/k").statusCode()).isEqualTo(404);
  }
}

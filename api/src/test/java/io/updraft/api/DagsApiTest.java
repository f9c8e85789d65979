package io.updraft.api;

import static io.updraft.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.testing.PostgresExtension;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class DagsApiTest {
  private static TestApi api;

  @BeforeAll
  static void start() {
    api = TestApi.connect().start();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void dags_lists_every_stored_dag_with_its_schedule_tags_and_paused_flag() {
    Dag etl =
        Dag.builder("etl_daily")
            .description("Loads the warehouse")
            .schedule("@daily")
            .startDate(LocalDate.of(2026, 1, 1))
            .tags("etl", "warehouse")
            .task(Task.bash("extract", "echo extract"))
            .task(Task.bash("load", "echo load").after("extract"))
            .build();
    Dag reports = Dag.builder("reports").task(Task.bash("render", "echo render")).build();
    api.save(etl);
    api.save(reports);
    api.dags.setPaused("reports", true);

    HttpResponse<String> response = api.client().get("/api/v1/dags");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(ApiClient.contentType(response)).startsWith("application/json");
    JsonNode body = json(response);
    assertThat(body.get("total_entries").asInt()).isEqualTo(2);
    JsonNode first = body.at("/dags/0");
    assertThat(first.get("dag_id").asText()).isEqualTo("etl_daily");
    assertThat(first.get("description").asText()).isEqualTo("Loads the warehouse");
    assertThat(first.get("schedule_interval").asText()).isEqualTo("@daily");
    assertThat(first.get("is_paused").asBoolean()).isFalse();
    assertThat(first.get("tags")).extracting(JsonNode::asText).containsExactly("etl", "warehouse");
    assertThat(first.get("version_hash").asText()).isEqualTo(etl.structure().versionHash());
    assertThat(first.get("start_date").asText()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(first.get("task_count").asInt()).isEqualTo(2);
    JsonNode second = body.at("/dags/1");
    assertThat(second.get("dag_id").asText()).isEqualTo("reports");
    assertThat(second.get("schedule_interval").asText()).isEqualTo("none");
    assertThat(second.get("is_paused").asBoolean()).isTrue();
  }

  @Test
  void dags_is_an_empty_list_before_the_scheduler_stored_any() {
    JsonNode body = json(api.client().get("/api/v1/dags"));

    assertThat(body.get("dags")).isEmpty();
    assertThat(body.get("total_entries").asInt()).isZero();
  }

  @Test
  void version_is_dev_outside_a_packaged_jar() {
    HttpResponse<String> response = api.client().get("/api/v1/version");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).get("version").asText()).isEqualTo("dev");
  }
}

package io.updraft.api;

import static io.updraft.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.TestDatabase;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class ProblemsApiTest {
  private TestApi api;

  @BeforeEach
  void start() {
    api = TestApi.connect().start();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void a_path_no_route_matches_is_a_404_problem_that_points_to_the_api() {
    HttpResponse<String> response = api.client().get("/api/v1/nothing-here");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(ApiClient.contentType(response)).startsWith("application/problem+json");
    JsonNode problem = json(response);
    assertThat(problem.get("type").asText()).isEqualTo("about:blank");
    assertThat(problem.get("detail").asText()).contains("GET /api/v1/nothing-here", "/api/v1/dags");
  }

  @Test
  void a_failure_inside_a_handler_is_a_500_problem_without_stack_trace_or_connection_details() {
    ApiClient admin = api.client();
    assertThat(admin.get("/api/v1/version").statusCode()).isEqualTo(200);
    api.database.close();

    HttpResponse<String> response = admin.get("/api/v1/dags");

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(ApiClient.contentType(response)).startsWith("application/problem+json");
    JsonNode problem = json(response);
    assertThat(problem.get("status").asInt()).isEqualTo(500);
    assertThat(problem.get("detail").asText()).contains("GET /api/v1/dags", "error id");
    TestDatabase db = PostgresExtension.database();
    assertThat(response.body()).doesNotContain("Exception", "at io.", "jdbc:", db.user(), "Hikari");
    if (db.password() != null) {
      assertThat(response.body()).doesNotContain(db.password());
    }
  }
}

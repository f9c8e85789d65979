package io.updraft.api;

import static io.updraft.api.ApiClient.json;
import static io.updraft.api.TestApi.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.core.state.RunState;
import io.updraft.testing.PostgresExtension;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(PostgresExtension.class)
class DagRunsApiTest {
  private static final Dag DAG =
      Dag.builder("etl_daily").task(Task.bash("extract", "echo extract")).build();

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
  void runs_are_listed_newest_first_with_their_states_and_dates() {
    api.save(DAG);
    api.run(DAG, "manual__day1", T0, RunState.SUCCESS);
    api.run(DAG, "manual__day2", T0.plus(Duration.ofDays(1)), RunState.FAILED);
    api.run(DAG, "manual__day3", T0.plus(Duration.ofDays(2)), RunState.RUNNING);
    api.run(DAG, "manual__day4", T0.plus(Duration.ofDays(3)), RunState.QUEUED);

    HttpResponse<String> response = api.client().get("/api/v1/dags/etl_daily/dagRuns");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = json(response);
    assertThat(body.get("total_entries").asInt()).isEqualTo(4);
    assertThat(body.get("dag_runs"))
        .extracting(r -> r.get("dag_run_id").asText() + "=" + r.get("state").asText())
        .containsExactly(
            "manual__day4=queued",
            "manual__day3=running",
            "manual__day2=failed",
            "manual__day1=success");
    JsonNode oldest = body.at("/dag_runs/3");
    assertThat(oldest.get("dag_id").asText()).isEqualTo("etl_daily");
    assertThat(oldest.get("run_type").asText()).isEqualTo("manual");
    assertThat(oldest.get("logical_date").asText()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(oldest.get("data_interval_start").asText()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(oldest.get("data_interval_end").asText()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(oldest.get("start_date").asText()).isEqualTo("2026-01-01T00:00:01Z");
    assertThat(oldest.get("end_date").asText()).isEqualTo("2026-01-01T00:01:00Z");
    assertThat(oldest.get("queued_at").isNull()).isFalse();
    assertThat(oldest.get("conf").isObject()).isTrue();
    assertThat(body.at("/dag_runs/0/end_date").isNull()).isTrue();
  }

  @Test
  void limit_returns_only_the_most_recent_runs() {
    api.save(DAG);
    for (int day = 0; day < 5; day++) {
      api.run(DAG, "manual__" + day, T0.plus(Duration.ofDays(day)), RunState.SUCCESS);
    }

    JsonNode body = json(api.client().get("/api/v1/dags/etl_daily/dagRuns?limit=2"));

    assertThat(body.get("dag_runs"))
        .extracting(r -> r.get("dag_run_id").asText())
        .containsExactly("manual__4", "manual__3");
    assertThat(body.get("total_entries").asInt()).isEqualTo(5);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "501", "ten", "-1", ""})
  void a_limit_outside_1_to_500_is_a_400_problem_that_gives_the_range(String limit) {
    api.save(DAG);

    HttpResponse<String> response =
        api.client().get("/api/v1/dags/etl_daily/dagRuns?limit=" + limit);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(ApiClient.contentType(response)).startsWith("application/problem+json");
    JsonNode problem = json(response);
    assertThat(problem.get("type").asText()).isEqualTo("about:blank");
    assertThat(problem.get("status").asInt()).isEqualTo(400);
    assertThat(problem.get("title").asText()).isEqualTo("Bad Request");
    assertThat(problem.get("detail").asText())
        .contains("'limit'", "from 1 to 500", "got '" + limit + "'");
  }

  @Test
  void runs_of_an_unknown_dag_is_a_404_problem_that_names_it() {
    HttpResponse<String> response = api.client().get("/api/v1/dags/no_such_dag/dagRuns");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(ApiClient.contentType(response)).startsWith("application/problem+json");
    JsonNode problem = json(response);
    assertThat(problem.get("status").asInt()).isEqualTo(404);
    assertThat(problem.get("title").asText()).isEqualTo("Not Found");
    assertThat(problem.get("detail").asText())
        .contains("DAG 'no_such_dag' does not exist", "GET /api/v1/dags");
  }
}

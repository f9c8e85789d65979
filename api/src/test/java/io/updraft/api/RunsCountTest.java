package io.updraft.api;

import static io.updraft.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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

/** Run lists count at most 10,000 matching runs, or one past the page when paging deeper. */
@ExtendWith(PostgresExtension.class)
class RunsCountTest {
  private static TestApi api;

  @BeforeAll
  static void start() {
    api = TestApi.connect().start();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  /** 10,001 finished runs of one DAG, the last of them failed. */
  @BeforeEach
  void history() {
    api.save(Dag.builder("long_history").task(Task.bash("t", "echo")).build());
    api.database
        .dsl()
        .execute(
            "insert into dag_run (dag_id, run_id, run_type, state, logical_date)"
                + " select 'long_history', 'scheduled__' || n, 'scheduled',"
                + " case when n = 10001 then 'failed' else 'success' end,"
                + " timestamptz '2026-01-01' + n * interval '1 minute'"
                + " from generate_series(1, 10001) n");
  }

  private static int total(String path) {
    HttpResponse<String> response = api.client().get(path);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = json(response);
    return body.get("total_entries").asInt();
  }

  @Test
  void past_ten_thousand_the_total_is_a_lower_bound() {
    assertThat(total("/api/v1/dags/~/dagRuns?limit=1")).isEqualTo(10_000);
    assertThat(total("/api/v1/dags/long_history/dagRuns?limit=1")).isEqualTo(10_000);
    assertThat(api.as(Role.VIEWER).get("/runs?limit=5").body())
        .contains("1&ndash;5 of 10000+ runs");
  }

  @Test
  void a_narrower_filter_or_a_deeper_page_counts_exactly() {
    assertThat(total("/api/v1/dags/~/dagRuns?state=failed")).isEqualTo(1);
    assertThat(total("/api/v1/dags/~/dagRuns?limit=100&offset=9950")).isEqualTo(10_001);
    assertThat(api.as(Role.VIEWER).get("/runs?offset=9990").body())
        .contains("9991&ndash;10001 of 10001 runs")
        .doesNotContain("rel=\"next\"");
  }
}

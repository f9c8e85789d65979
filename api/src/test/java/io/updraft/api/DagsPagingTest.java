package io.updraft.api;

import static io.updraft.api.ApiClient.json;
import static io.updraft.api.TestApi.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.updraft.core.auth.Role;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.core.state.RunState;
import io.updraft.testing.PostgresExtension;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The DAGs page and the DAGs API show a page of DAGs at a time, filtered and counted in SQL. */
@ExtendWith(PostgresExtension.class)
class DagsPagingTest {
  private static TestApi api;

  @BeforeAll
  static void start() {
    api = TestApi.connect().start();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  /** dag_00 … dag_29; the odd ones are tagged "odd", every third one is paused. */
  @BeforeEach
  void dags() {
    for (int i = 0; i < 30; i++) {
      Dag.Builder dag = Dag.builder(String.format("dag_%02d", i)).task(Task.bash("t", "echo"));
      if (i % 2 == 1) {
        dag.tags("odd");
      }
      Dag built = dag.build();
      api.save(built);
      if (i % 3 == 0) {
        api.dags.setPaused(built.id(), true);
      }
      if (i == 7) {
        api.run(built, "manual__bad", T0, RunState.FAILED);
      }
    }
  }

  private static String page(String query) {
    HttpResponse<String> response = api.as(Role.VIEWER).get("/" + query);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  @Test
  void the_first_page_shows_twenty_five_dags_and_links_to_the_next() {
    String first = page("");
    assertThat(first)
        .contains("data-dag-id=\"dag_00\"", "data-dag-id=\"dag_24\"")
        .doesNotContain("data-dag-id=\"dag_25\"")
        .contains("1&ndash;25 of 30 DAGs")
        .contains("href=\"/?offset=25\" rel=\"next\"")
        .doesNotContain("rel=\"prev\"")
        .contains("All <span class=\"count\">30</span>");
    assertThat(page("?offset=25"))
        .contains("data-dag-id=\"dag_25\"", "data-dag-id=\"dag_29\"")
        .doesNotContain("data-dag-id=\"dag_24\"")
        .contains("26&ndash;30 of 30 DAGs")
        .contains("href=\"/?offset=0\" rel=\"prev\"")
        .doesNotContain("rel=\"next\"");
  }

  @Test
  void paging_keeps_the_filters_and_the_counts_cover_every_page() {
    String body = page("?tag=odd&status=active&limit=5");
    // Odd and not a multiple of three: 01 05 07 11 13 17 19 23 25 29.
    assertThat(body)
        .contains("data-dag-id=\"dag_01\"", "data-dag-id=\"dag_13\"")
        .doesNotContain("data-dag-id=\"dag_03\"", "data-dag-id=\"dag_17\"")
        .contains("1&ndash;5 of 10 DAGs")
        .contains("href=\"/?tag=odd&amp;status=active&amp;limit=5&amp;offset=5\" rel=\"next\"")
        .contains("All <span class=\"count\">15</span>")
        .contains("Active <span class=\"count\">10</span>")
        .contains("Paused <span class=\"count\">5</span>");
    assertThat(page("?last_run_state=failed"))
        .contains("data-dag-id=\"dag_07\"")
        .doesNotContain("data-dag-id=\"dag_01\"")
        .contains("1&ndash;1 of 1 DAGs");
  }

  @Test
  void a_search_with_like_wildcards_matches_them_only_as_text() {
    assertThat(page("?search=%25")).contains("No DAGs match these filters");
    assertThat(page("?search=DAG_2_")).contains("No DAGs match these filters");
    assertThat(page("?search=DAG_2"))
        .contains("data-dag-id=\"dag_20\"", "data-dag-id=\"dag_29\"")
        .doesNotContain("data-dag-id=\"dag_02\"");
  }

  @ParameterizedTest
  @CsvSource({
    "limit=0, 'limit'",
    "limit=-1, 'limit'",
    "limit=501, 'limit'",
    "limit=abc, 'limit'",
    "limit=99999999999999999999, 'limit'",
    "offset=-1, 'offset'",
    "offset=1e3, 'offset'",
    "offset=%00, 'offset'"
  })
  void hostile_paging_values_are_a_400_naming_the_parameter(String query, String parameter) {
    HttpResponse<String> ui = api.as(Role.VIEWER).get("/?" + query);
    assertThat(ui.statusCode()).as(ui.body()).isEqualTo(400);
    assertThat(ui.body()).contains(parameter);
    HttpResponse<String> json = api.client().get("/api/v1/dags?" + query);
    assertThat(json.statusCode()).as(json.body()).isEqualTo(400);
    assertThat(json.body()).contains(parameter);
  }

  @Test
  void a_page_past_the_end_is_empty_and_still_counts() {
    assertThat(page("?offset=2147483647")).contains("No DAGs match these filters");
    JsonNode body = json(api.client().get("/api/v1/dags?offset=2147483647"));
    assertThat(body.get("dags")).isEmpty();
    assertThat(body.get("total_entries").asInt()).isEqualTo(30);
  }

  @Test
  void the_api_pages_and_counts_in_the_store() {
    JsonNode body = json(api.client().get("/api/v1/dags?tags=odd&paused=false&limit=3&offset=3"));
    assertThat(body.get("total_entries").asInt()).isEqualTo(10);
    assertThat(body.get("dags"))
        .extracting(d -> d.get("dag_id").asText())
        .containsExactly("dag_11", "dag_13", "dag_17");
    JsonNode pattern = json(api.client().get("/api/v1/dags?dag_id_pattern=_2&limit=100"));
    assertThat(pattern.get("total_entries").asInt()).isEqualTo(10);
  }
}

package io.updraft.api;

import static io.updraft.api.ApiClient.json;
import static io.updraft.api.TestApi.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.updraft.core.auth.Role;
import io.updraft.core.dag.DagFileError;
import io.updraft.testing.PostgresExtension;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code /api/v1/importErrors} in Airflow's shape, over what the scheduler recorded. */
@ExtendWith(PostgresExtension.class)
class ImportErrorsApiTest {
  private static final DagFileError BROKEN =
      new DagFileError("broken.jar", "aa11", "broken.jar: not a readable jar (zip END header)");
  private static final DagFileError LOOPY =
      new DagFileError(
          "loopy.jar",
          "bb22",
          "loopy.jar: version bb22 is not deployed: none of its DAGs are loaded\n"
              + "loopy.jar: acme.Loopy (DAG 'loopy'): cycle: x -> y -> x");

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
  void a_viewer_lists_the_files_that_did_not_load_with_their_message_and_time() {
    api.importErrors.replaceAll(List.of(BROKEN, LOOPY), T0);

    HttpResponse<String> response = api.as(Role.VIEWER).get("/api/v1/importErrors");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = json(response);
    assertThat(body.get("total_entries").asInt()).isEqualTo(2);
    JsonNode loopy = body.get("import_errors").get(1);
    assertThat(loopy.get("filename").asText()).isEqualTo("loopy.jar");
    assertThat(loopy.get("stack_trace").asText()).isEqualTo(LOOPY.message());
    assertThat(loopy.get("timestamp").asText()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(loopy.get("import_error_id").canConvertToLong()).isTrue();
  }

  @Test
  void the_list_pages_with_limit_and_offset_and_rejects_a_bad_limit() {
    api.importErrors.replaceAll(List.of(BROKEN, LOOPY), T0);

    JsonNode page = json(api.client().get("/api/v1/importErrors?limit=1&offset=1"));
    HttpResponse<String> bad = api.client().get("/api/v1/importErrors?limit=0");

    assertThat(page.get("total_entries").asInt()).isEqualTo(2);
    assertThat(page.get("import_errors"))
        .extracting(e -> e.get("filename").asText())
        .containsExactly("loopy.jar");
    assertThat(bad.statusCode()).isEqualTo(400);
  }

  @Test
  void one_error_reads_by_its_id_and_an_unknown_id_is_a_404_that_says_why() {
    api.importErrors.replaceAll(List.of(BROKEN), T0);
    long id = api.importErrors.list().getFirst().id();

    JsonNode one = json(api.as(Role.VIEWER).get("/api/v1/importErrors/" + id));
    HttpResponse<String> gone = api.client().get("/api/v1/importErrors/" + (id + 1));
    HttpResponse<String> notANumber = api.client().get("/api/v1/importErrors/broken.jar");

    assertThat(one.get("import_error_id").asLong()).isEqualTo(id);
    assertThat(one.get("filename").asText()).isEqualTo("broken.jar");
    assertThat(one.get("stack_trace").asText()).isEqualTo(BROKEN.message());
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(json(gone).get("detail").asText())
        .contains("may have loaded since")
        .contains("GET /api/v1/importErrors");
    assertThat(notANumber.statusCode()).isEqualTo(404);
  }

  @Test
  void without_signing_in_nothing_is_shown() {
    api.importErrors.replaceAll(List.of(BROKEN), T0);

    HttpResponse<String> response = ApiClient.anonymous(api.server()).get("/api/v1/importErrors");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).doesNotContain("broken.jar");
  }
}

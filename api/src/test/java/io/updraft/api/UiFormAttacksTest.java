package io.updraft.api;

import static io.updraft.api.SecurityTest.csrfOf;
import static io.updraft.api.SecurityTest.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.auth.Role;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Param;
import io.updraft.core.dag.Task;
import io.updraft.core.run.DagRun;
import io.updraft.testing.PostgresExtension;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The UI's trigger form checks a run as the API does, and no other site's page can post a form with
 * credentials the browser keeps on its own (a session cookie or remembered basic auth).
 */
@ExtendWith(PostgresExtension.class)
class UiFormAttacksTest {
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

  private static ApiClient signedInOp() {
    String password = api.user("otto", Role.OP);
    ApiClient browser = ApiClient.browser(api.server());
    assertThat(signIn(browser, "otto", password, "/").statusCode()).isEqualTo(303);
    return browser;
  }

  private static HttpResponse<String> triggerForm(String conf) {
    ApiClient op = signedInOp();
    String csrf = csrfOf(op.get("/").body());
    return op.postForm("/dags/etl/trigger", Map.of("_csrf", csrf, "conf", conf));
  }

  private static void assertRefused(HttpResponse<String> response, String... parts) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(ApiClient.contentType(response)).startsWith("text/html");
    // The form comes back with the message as escaped text.
    String text = response.body().replace("&#39;", "'").replace("&#34;", "\"");
    assertThat(text).contains(parts).contains("id=\"trigger-refused\"");
    assertThat(api.runs.listRuns("etl", 10)).isEmpty();
  }

  @Test
  void the_trigger_form_refuses_a_missing_required_param_naming_it_and_its_type() {
    assertRefused(triggerForm("{}"), "param 'limit' is required (integer)");
  }

  @Test
  void the_trigger_form_refuses_a_param_of_the_wrong_type() {
    assertRefused(triggerForm("{\"limit\": \"ten\"}"), "param 'limit' must be of type integer");
  }

  @Test
  void the_trigger_form_refuses_a_nul_character_deep_nesting_and_a_conf_that_is_no_object() {
    assertRefused(
        triggerForm("{\"limit\": 1, \"table\": \"a\\u0000b\"}"), "The run's conf at table", "NUL");
    assertRefused(
        triggerForm("{\"limit\": 1, \"x\": " + "[".repeat(3000) + "]".repeat(3000) + "}"),
        "nested",
        "64");
    assertRefused(triggerForm("[1, 2]"), "must be a JSON object", "an array");
  }

  @Test
  void the_trigger_form_fills_in_declared_defaults() {
    HttpResponse<String> response = triggerForm("{\"limit\": 3}");

    assertThat(response.statusCode()).isEqualTo(303);
    DagRun run = api.runs.listRuns("etl", 10).getFirst();
    assertThat(run.conf()).containsEntry("table", "sales").containsEntry("limit", 3);
  }

  @Test
  void a_nul_character_in_a_form_field_is_a_400_page_not_a_500() {
    HttpResponse<String> response =
        api.anonymous()
            .send(
                "POST",
                "/login",
                "application/x-www-form-urlencoded",
                "username=a%00b&password=x&_csrf=y",
                Map.of());

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("Form field 'username'", "NUL");
  }

  @Test
  void a_nul_character_in_a_connection_forms_host_is_a_400_page() {
    ApiClient op = signedInOp();
    String csrf = csrfOf(op.get("/connections/new").body());

    HttpResponse<String> response =
        op.postForm(
            "/connections",
            Map.of(
                "_csrf",
                csrf,
                "connection_id",
                "db",
                "conn_type",
                "postgres",
                "host",
                "db.example.com\u0000evil"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("Form field 'host'", "NUL");
  }

  /**
   * Another site's page posting a form to Updraft: the browser adds the basic credentials it
   * remembers for Updraft, but no Origin check or session CSRF token can vouch for the form.
   */
  @Test
  void a_cross_site_form_posted_with_remembered_basic_credentials_is_refused() {
    for (Role role : List.of(Role.OP, Role.ADMIN)) {
      ApiClient remembered = api.as(role);

      HttpResponse<String> trigger =
          remembered.postForm("/dags/etl/trigger", Map.of("conf", "{\"limit\": 1}"));
      HttpResponse<String> pause =
          remembered.postForm("/dags/etl/paused", Map.of("paused", "true"));
      HttpResponse<String> variable =
          remembered.postForm("/variables", Map.of("key", "k", "value", "planted"));

      for (HttpResponse<String> response : List.of(trigger, pause, variable)) {
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("/login");
      }
    }
    assertThat(api.runs.listRuns("etl", 10)).isEmpty();
    assertThat(api.dags.find("etl").orElseThrow().paused()).isFalse();
  }

  @Test
  void the_api_still_takes_basic_auth_for_the_same_changes() {
    HttpResponse<String> response =
        api.as(Role.OP).post("/api/v1/dags/etl/dagRuns", "{\"conf\": {\"limit\": 1}}");

    assertThat(response.statusCode()).isEqualTo(200);
  }
}

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
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The trigger form built from a DAG's declared params: a field per param of its type, defaults
 * filled in, and a refused form shown again with what was typed and each error by its field.
 */
@ExtendWith(PostgresExtension.class)
class TriggerFormTest {
  private static final String XSS = "<script>alert(1)</script>";
  private static final String IMG = "<img src=x onerror=alert(2)>";
  private static final Dag DAG =
      Dag.builder("report")
          .param("table", Param.of("sales").description("The table to read " + IMG))
          .param("limit", Param.required("integer"))
          .param("ratio", Param.of(0.5))
          .param("full", Param.of(false))
          .param("filters", Param.of(Map.of("region", "eu")))
          .param("columns", new Param(List.of("id"), "array", false, ""))
          .param("label", Param.of(XSS))
          .task(Task.bash("extract", "echo extract"))
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

  private static ApiClient browserAs(String user, Role role) {
    String password = api.user(user, role);
    ApiClient browser = ApiClient.browser(api.server());
    assertThat(signIn(browser, user, password, "/").statusCode()).isEqualTo(303);
    return browser;
  }

  /** The form as a browser posts it: every field, the checkbox only when ticked. */
  private static Map<String, String> filledIn(String csrf) {
    Map<String, String> form = new HashMap<>();
    form.put("_csrf", csrf);
    form.put("fields", "shown");
    form.put("param.table", "orders");
    form.put("param.limit", "25");
    form.put("param.ratio", "0.75");
    form.put("param.full", "true");
    form.put("param.filters", "{\"region\": \"us\"}");
    form.put("param.columns", "[\"id\", \"total\"]");
    form.put("param.label", XSS);
    form.put("conf", "{}");
    form.put("dag_run_id", "");
    form.put("logical_date", "");
    return form;
  }

  @Test
  void the_form_has_a_field_of_each_params_type_with_its_default_and_marks_required_ones() {
    String html = browserAs("otto", Role.OP).get("/dags/report/trigger").body();

    assertThat(html)
        .contains(
            "<input type=\"text\" id=\"param-table\" name=\"param.table\" value=\"sales\">",
            "<input type=\"number\" step=\"1\" id=\"param-limit\" name=\"param.limit\" value=\"\">",
            "<input type=\"number\" step=\"any\" id=\"param-ratio\" name=\"param.ratio\""
                + " value=\"0.5\">",
            "<input type=\"checkbox\" id=\"param-full\" name=\"param.full\" value=\"true\">",
            "name=\"param.filters\" rows=\"3\" class=\"json\">{\n  \"region\" : \"eu\"\n}",
            "name=\"param.columns\" rows=\"3\" class=\"json\">[ \"id\" ]",
            "name=\"conf\"",
            "name=\"dag_run_id\"",
            "name=\"logical_date\"");
    // Only the required param is marked so.
    assertThat(html.split("class=\"required\"", -1)).hasSize(2);
    assertThat(html).containsSubsequence("<code>limit</code>", "class=\"required\">required<");
  }

  @Test
  void a_hostile_default_and_description_are_shown_as_text() {
    String html = browserAs("otto", Role.OP).get("/dags/report/trigger").body();

    assertThat(html)
        .doesNotContain(XSS, IMG)
        .contains("value=\"&lt;script>alert(1)&lt;/script>\"")
        .contains("The table to read &lt;img src=x onerror=alert(2)&gt;");
  }

  @Test
  void the_filled_in_form_creates_a_run_with_typed_values_the_run_id_and_the_logical_date() {
    ApiClient op = browserAs("otto", Role.OP);
    Map<String, String> form = filledIn(csrfOf(op.get("/dags/report/trigger").body()));
    form.put("dag_run_id", "by_form_1");
    form.put("logical_date", "2026-03-01T06:00:00Z");
    form.put("conf", "{\"extra\": true}");

    HttpResponse<String> response = op.postForm("/dags/report/trigger", form);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(303);
    assertThat(response.headers().firstValue("Location")).contains("/dags/report/runs/by_form_1");
    DagRun run = api.runs.listRuns("report", 10).getFirst();
    assertThat(run.runId()).isEqualTo("by_form_1");
    assertThat(run.logicalDate()).isEqualTo(Instant.parse("2026-03-01T06:00:00Z"));
    assertThat(run.conf())
        .containsEntry("table", "orders")
        .containsEntry("limit", 25)
        .containsEntry("ratio", 0.75)
        .containsEntry("full", true)
        .containsEntry("filters", Map.of("region", "us"))
        .containsEntry("columns", List.of("id", "total"))
        .containsEntry("label", XSS)
        .containsEntry("extra", true);
  }

  @Test
  void an_unticked_checkbox_is_false_and_the_json_conf_wins_over_a_field() {
    ApiClient op = browserAs("otto", Role.OP);
    Map<String, String> form = filledIn(csrfOf(op.get("/dags/report/trigger").body()));
    form.remove("param.full");
    form.put("conf", "{\"table\": \"from_json\"}");

    assertThat(op.postForm("/dags/report/trigger", form).statusCode()).isEqualTo(303);

    DagRun run = api.runs.listRuns("report", 10).getFirst();
    assertThat(run.conf()).containsEntry("full", false).containsEntry("table", "from_json");
  }

  @Test
  void a_refused_form_comes_back_with_each_error_by_its_field_and_what_was_typed() {
    ApiClient op = browserAs("otto", Role.OP);
    Map<String, String> form = filledIn(csrfOf(op.get("/dags/report/trigger").body()));
    form.put("param.limit", "ten");
    form.put("param.filters", "{\"region\": ");
    form.put("param.table", "typed " + IMG);
    form.put("dag_run_id", "bad id/with slash");
    form.put("logical_date", "yesterday");

    HttpResponse<String> response = op.postForm("/dags/report/trigger", form);

    assertThat(response.statusCode()).isEqualTo(400);
    String html = response.body();
    assertThat(html)
        .contains("id=\"trigger-refused\"")
        .containsSubsequence(
            "data-param=\"filters\"", "Param 'filters' is not valid JSON", "</div>")
        .containsSubsequence("id=\"trigger-run-id\"", "value=\"bad id/with slash\"", "dag_run_id")
        .containsSubsequence("id=\"trigger-logical-date\"", "value=\"yesterday\"", "logical_date")
        .contains("value=\"typed &lt;img src=x onerror=alert(2)>\"", "value=\"ten\"")
        .contains("name=\"_csrf\" value=\"")
        .doesNotContain(IMG);
    assertThat(api.runs.listRuns("report", 10)).isEmpty();

    // With the JSON, run id and date put right, the param check names the integer field.
    form.put("param.filters", "{}");
    form.put("dag_run_id", "");
    form.put("logical_date", "");
    String again = op.postForm("/dags/report/trigger", form).body();

    assertThat(again)
        .containsSubsequence(
            "data-param=\"limit\"",
            "value=\"ten\"",
            "class=\"error field-error\">param 'limit' must be of type integer");
    assertThat(api.runs.listRuns("report", 10)).isEmpty();
  }

  @Test
  void the_api_refuses_the_same_conf_with_the_same_words() {
    ApiClient op = browserAs("otto", Role.OP);
    Map<String, String> form = filledIn(csrfOf(op.get("/dags/report/trigger").body()));
    form.remove("param.limit");

    String html = op.postForm("/dags/report/trigger", form).body();
    HttpResponse<String> api_ = api.as(Role.OP).post("/api/v1/dags/report/dagRuns", "{}");

    String words = "param 'limit' is required (integer): pass it in the run's conf";
    assertThat(api_.statusCode()).isEqualTo(400);
    assertThat(api_.body()).contains(words);
    assertThat(html).contains(words);
  }

  @Test
  void a_quick_trigger_with_only_a_conf_is_checked_the_same_and_refused_with_the_conf_kept() {
    ApiClient op = browserAs("otto", Role.OP);
    String csrf = csrfOf(op.get("/").body());

    HttpResponse<String> refused =
        op.postForm("/dags/report/trigger", Map.of("_csrf", csrf, "conf", "{\"limit\": 1.5}"));
    HttpResponse<String> created =
        op.postForm("/dags/report/trigger", Map.of("_csrf", csrf, "conf", "{\"limit\": 2}"));

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body())
        .contains("{\"limit\": 1.5}</textarea>")
        .contains("param 'limit' must be of type integer");
    assertThat(created.statusCode()).isEqualTo(303);
    assertThat(api.runs.listRuns("report", 10).getFirst().conf())
        .containsEntry("limit", 2)
        .containsEntry("table", "sales");
  }

  @Test
  void a_viewer_gets_no_form_and_a_form_without_the_csrf_token_is_refused() {
    ApiClient viewer = browserAs("vera", Role.VIEWER);
    ApiClient op = browserAs("otto", Role.OP);
    Map<String, String> forged = filledIn("");
    forged.remove("_csrf");

    HttpResponse<String> viewerPage = viewer.get("/dags/report/trigger");
    HttpResponse<String> viewerPost =
        viewer.postForm("/dags/report/trigger", filledIn(csrfOf(viewer.get("/").body())));
    HttpResponse<String> noToken = op.postForm("/dags/report/trigger", forged);

    assertThat(viewerPage.statusCode()).isEqualTo(403);
    assertThat(viewerPost.statusCode()).isEqualTo(403);
    assertThat(noToken.statusCode()).isEqualTo(403);
    assertThat(noToken.body()).contains("CSRF");
    assertThat(api.runs.listRuns("report", 10)).isEmpty();
  }
}

package io.updraft.api;

import static io.updraft.api.SecurityTest.csrfOf;
import static io.updraft.api.SecurityTest.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.updraft.core.auth.Role;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.testing.PostgresExtension;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class AuditLogTest {
  private static final Dag DAG =
      Dag.builder("etl").task(Task.bash("extract", "echo extract")).build();
  private static final String PASSWORD = "pw-Zq81-never-logged";
  private static final String SECRET_VALUE = "variable-value-never-logged";

  private static TestApi api;

  @BeforeAll
  static void start() {
    api = TestApi.connect().start();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  /** Every column of every audit row as text, to look for what must never be there. */
  private static String wholeTable() {
    return api.database.dsl().fetch("select * from event_log order by id").formatCSV();
  }

  private ApiClient browserAs(String user, Role role) {
    String password = api.user(user, role);
    ApiClient browser = ApiClient.browser(api.server());
    assertThat(signIn(browser, user, password, "/").statusCode()).isEqualTo(303);
    return browser;
  }

  @Test
  void an_api_trigger_is_recorded_with_who_what_which_run_and_from_where() {
    api.save(DAG);
    ApiClient op = api.as(Role.OP);

    JsonNode run =
        ApiClient.json(
            op.post("/api/v1/dags/etl/dagRuns", "{\"conf\": {\"token\": \"conf-is-not-kept\"}}"));

    JsonNode logs = ApiClient.json(op.get("/api/v1/eventLogs"));
    assertThat(logs.get("total_entries").asInt()).isEqualTo(1);
    JsonNode entry = logs.get("event_logs").get(0);
    assertThat(entry.get("event").asText()).isEqualTo("trigger");
    assertThat(entry.get("owner").asText()).isEqualTo("op-user");
    assertThat(entry.get("dag_id").asText()).isEqualTo("etl");
    assertThat(entry.get("run_id").asText()).isEqualTo(run.get("dag_run_id").asText());
    assertThat(entry.get("task_id").isNull()).isTrue();
    assertThat(entry.get("event_log_id").asLong()).isPositive();
    assertThat(entry.get("when").asText()).isNotBlank();
    assertThat(entry.get("channel").asText()).isEqualTo("api");
    assertThat(entry.get("source").asText()).isEqualTo("127.0.0.1");
    assertThat(entry.get("extra").asText()).contains("\"given\":[\"conf\"]");
    assertThat(wholeTable()).doesNotContain("conf-is-not-kept");
  }

  @Test
  void a_ui_pause_is_recorded_as_pause_by_the_signed_in_user() {
    api.save(DAG);
    ApiClient op = browserAs("otto", Role.OP);
    String csrf = csrfOf(op.get("/").body());

    op.postForm("/dags/etl/paused", Map.of("_csrf", csrf, "paused", "true"));
    op.postForm("/dags/etl/paused", Map.of("_csrf", csrf, "paused", "false"));

    String page = op.get("/audit-log?dag_id=etl").body();
    assertThat(page).contains("<h1>Audit log</h1>", "otto", ">pause<", ">unpause<", "ui ");
    assertThat(page.indexOf(">unpause<")).isLessThan(page.indexOf(">pause<"));
    JsonNode logs = ApiClient.json(api.as(Role.OP).get("/api/v1/eventLogs?event=pause"));
    assertThat(logs.get("total_entries").asInt()).isEqualTo(1);
    assertThat(logs.get("event_logs").get(0).get("channel").asText()).isEqualTo("ui");
  }

  @Test
  void no_password_or_sensitive_value_reaches_the_audit_log() {
    ApiClient admin = api.client();
    admin.post(
        "/api/v1/connections",
        """
        {"connection_id": "warehouse", "conn_type": "tcp", "host": "db.local", "login": "ann",
         "password": "%s", "extra": {"api_token": "%s"}}"""
            .formatted(PASSWORD, PASSWORD));
    admin.patch("/api/v1/connections/warehouse", "{\"password\": \"%s-2\"}".formatted(PASSWORD));
    admin.post(
        "/api/v1/variables",
        "{\"key\": \"db_password\", \"value\": \"%s\"}".formatted(SECRET_VALUE));
    admin.patch("/api/v1/variables/db_password", "{\"value\": \"%s-2\"}".formatted(SECRET_VALUE));
    admin.post(
        "/api/v1/users",
        "{\"username\": \"newbie\", \"password\": \"%s\", \"role\": \"viewer\"}"
            .formatted(PASSWORD));
    admin.patch("/api/v1/users/newbie", "{\"password\": \"%s-3\"}".formatted(PASSWORD));
    ApiClient ui = browserAs("uma", Role.OP);
    String csrf = csrfOf(ui.get("/variables/new").body());
    ui.postForm(
        "/variables",
        Map.of(
            "_csrf", csrf, "key", "api_secret", "value", SECRET_VALUE + "-ui", "description", ""));

    String table = wholeTable();
    assertThat(table)
        .contains(
            "connection.create",
            "connection.update",
            "variable.create",
            "variable.update",
            "user.create",
            "user.update",
            "warehouse",
            "db_password",
            "newbie",
            "api_secret")
        .contains("password")
        .doesNotContain(
            PASSWORD, SECRET_VALUE, URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8));
    assertThat(api.as(Role.OP).get("/api/v1/eventLogs?limit=50").body())
        .doesNotContain(PASSWORD, SECRET_VALUE);
    assertThat(ui.get("/audit-log").body()).doesNotContain(PASSWORD, SECRET_VALUE);
  }

  @Test
  void a_viewer_cannot_read_the_audit_log_and_a_refused_change_is_not_recorded() {
    api.save(DAG);
    ApiClient viewer = api.as(Role.VIEWER);

    assertThat(viewer.get("/api/v1/eventLogs").statusCode()).isEqualTo(403);
    assertThat(viewer.post("/api/v1/dags/etl/dagRuns", "{}").statusCode()).isEqualTo(403);
    ApiClient browser = browserAs("vera", Role.VIEWER);
    assertThat(browser.get("/audit-log").statusCode()).isEqualTo(403);
    assertThat(browser.get("/").body()).doesNotContain("href=\"/audit-log\"");

    assertThat(wholeTable().lines().count()).isEqualTo(1); // the header only
  }

  @Test
  void hostile_filter_values_are_shown_as_text_and_bad_dates_are_refused_by_name() {
    api.save(DAG);
    api.as(Role.OP).patch("/api/v1/dags/etl", "{\"is_paused\": true}");
    ApiClient op = browserAs("otto", Role.OP);
    String hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>";

    HttpResponse<String> page =
        op.get("/audit-log?owner=" + URLEncoder.encode(hostile, StandardCharsets.UTF_8));

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("value=\"&lt;script>alert(1)&lt;/script>&lt;img src=x onerror=alert(2)>\"")
        .doesNotContain("<script>alert", "<img src=x")
        .contains("No events match.");
    HttpResponse<String> badDate = op.get("/audit-log?after=yesterday");
    assertThat(badDate.statusCode()).isEqualTo(400);
    assertThat(badDate.body()).contains("after", "ISO-8601");
    HttpResponse<String> apiBadDate = api.as(Role.OP).get("/api/v1/eventLogs?before=%3Cscript%3E");
    assertThat(apiBadDate.statusCode()).isEqualTo(400);
    assertThat(ApiClient.json(apiBadDate).get("detail").asText()).contains("'before'");
    assertThat(api.as(Role.OP).get("/api/v1/eventLogs?limit=100000").statusCode()).isEqualTo(400);
    JsonNode paused = ApiClient.json(api.as(Role.OP).get("/api/v1/eventLogs?dag_id=etl"));
    assertThat(paused.get("event_logs").get(0).get("event").asText()).isEqualTo("pause");
  }
}

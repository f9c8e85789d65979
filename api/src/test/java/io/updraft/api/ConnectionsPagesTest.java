package io.updraft.api;

import static io.updraft.api.ConnectionsApiTest.PASSWORD;
import static io.updraft.api.ConnectionsApiTest.assertNoSecret;
import static io.updraft.api.ConnectionsApiTest.body;
import static io.updraft.api.SecurityTest.csrfOf;
import static io.updraft.api.SecurityTest.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.auth.Role;
import io.updraft.core.connection.Connection;
import io.updraft.testing.PostgresExtension;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The connections and variables pages and their forms, signed in as a browser is. */
@ExtendWith(PostgresExtension.class)
class ConnectionsPagesTest {
  private static final String XSS = "<script>alert(1)</script>";

  private static TestApi api;

  @BeforeAll
  static void start() {
    api = TestApi.connect().withConnectionTests().start();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private ApiClient browserAs(String user, Role role) {
    String password = api.user(user, role);
    ApiClient browser = ApiClient.browser(api.server());
    assertThat(signIn(browser, user, password, "/").statusCode()).isEqualTo(303);
    return browser;
  }

  private static Map<String, String> form(String csrf, String... pairs) {
    Map<String, String> fields = new HashMap<>();
    fields.put("_csrf", csrf);
    for (int i = 0; i < pairs.length; i += 2) {
      fields.put(pairs[i], pairs[i + 1]);
    }
    return fields;
  }

  @Test
  void the_add_form_shows_the_fields_the_hook_declares_and_saves_through_the_metastore() {
    ApiClient op = browserAs("olga", Role.OP);
    HttpResponse<String> page = op.get("/connections/new?conn_type=tcp");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("Server name", "placeholder=\"tcp.example.com\"", "Shared secret", "API token")
        .contains("name=\"extra.region\"", "type=\"password\" name=\"password\"")
        .contains("<option value=\"tcp\" selected>Plain TCP (tcp)</option>");

    HttpResponse<String> saved =
        op.postForm(
            "/connections",
            form(
                csrfOf(page.body()),
                "connection_id",
                "edge",
                "conn_type",
                "tcp",
                "description",
                "edge box",
                "host",
                "edge.local",
                "port",
                "7000",
                "password",
                PASSWORD,
                "extra.api_token",
                ConnectionsApiTest.TOKEN,
                "extra.region",
                "eu",
                "extra",
                "{\"timeout\": 5}"));
    assertThat(saved.statusCode()).isEqualTo(303);
    Connection stored = api.metastore.connection("edge").orElseThrow();
    assertThat(stored.password()).isEqualTo(PASSWORD);
    assertThat(stored.port()).isEqualTo(7000);
    assertThat(stored.extra())
        .containsEntry("api_token", ConnectionsApiTest.TOKEN)
        .containsEntry("region", "eu")
        .containsEntry("timeout", 5);

    HttpResponse<String> list = op.get("/connections");
    assertThat(list.body()).contains("edge.local", "***", "Delete").doesNotContain("/test\"");
    assertNoSecret(list.body());
    HttpResponse<String> edit = op.get("/connections/edge");
    assertThat(edit.body()).contains("value=\"edge.local\"", "value=\"eu\"");
    assertNoSecret(edit.body());

    // Saving the edit form with the secrets left empty keeps them.
    HttpResponse<String> changed =
        op.postForm(
            "/connections/edge",
            form(
                csrfOf(edit.body()),
                "conn_type",
                "tcp",
                "host",
                "edge2.local",
                "port",
                "7001",
                "password",
                "",
                "extra.api_token",
                "",
                "extra.region",
                "eu",
                "extra",
                "{\"timeout\": 6}"));
    assertThat(changed.statusCode()).isEqualTo(303);
    stored = api.metastore.connection("edge").orElseThrow();
    assertThat(stored.host()).isEqualTo("edge2.local");
    assertThat(stored.password()).isEqualTo(PASSWORD);
    assertThat(stored.extra()).containsEntry("api_token", ConnectionsApiTest.TOKEN);

    assertThat(op.postForm("/connections/edge/test", form(csrfOf(list.body()))).statusCode())
        .as("only admins test connections")
        .isEqualTo(403);
    ApiClient admin = browserAs("ada", Role.ADMIN);
    String adminCsrf = csrfOf(admin.get("/connections").body());
    HttpResponse<String> tested = admin.postForm("/connections/edge/test", form(adminCsrf));
    assertThat(tested.statusCode()).isEqualTo(200);
    assertThat(tested.body()).contains("id=\"test-result\"", "Connection 'edge': failed");
    assertNoSecret(tested.body());

    assertThat(op.postForm("/connections/edge/delete", form(csrfOf(list.body()))).statusCode())
        .isEqualTo(303);
    assertThat(api.metastore.connection("edge")).isEmpty();
  }

  @Test
  void a_form_without_its_csrf_token_changes_nothing() {
    api.client().post("/api/v1/connections", body("kept"));
    ApiClient op = browserAs("oscar", Role.OP);

    HttpResponse<String> delete = op.postForm("/connections/kept/delete", Map.of());
    HttpResponse<String> create =
        op.postForm("/variables", Map.of("key", "k", "value", "v", "_csrf", "forged"));

    assertThat(delete.statusCode()).isEqualTo(403);
    assertThat(create.statusCode()).isEqualTo(403);
    assertThat(api.metastore.connection("kept")).isPresent();
    assertThat(api.metastore.variables()).isEmpty();
  }

  @Test
  void a_viewer_sees_the_pages_without_forms_and_cannot_post_them() {
    api.client().post("/api/v1/connections", body("seen"));
    ApiClient viewer = browserAs("vera", Role.VIEWER);

    HttpResponse<String> list = viewer.get("/connections");
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).contains("seen").doesNotContain("/connections/seen/delete");
    assertNoSecret(list.body());
    HttpResponse<String> delete =
        viewer.postForm("/connections/seen/delete", form(csrfOf(list.body())));
    assertThat(delete.statusCode()).isEqualTo(403);
    assertThat(api.metastore.connection("seen")).isPresent();
  }

  @Test
  void script_in_a_description_or_an_extra_is_shown_as_text() {
    api.client()
        .post(
            "/api/v1/connections",
            "{\"connection_id\": \"x1\", \"conn_type\": \""
                + XSS
                + "\", \"description\": \""
                + XSS.replace("/", "\\/")
                + "\", \"extra\": {\"note\": \""
                + XSS
                + "\"}}");
    api.client().post("/api/v1/variables", "{\"key\": \"v1\", \"value\": \"" + XSS + "\"}");
    // Ids are restricted to [A-Za-z0-9_.-]: script in one is refused.
    assertThat(
            api.client()
                .post(
                    "/api/v1/connections",
                    "{\"connection_id\": \"" + XSS + "\", \"conn_type\": \"t\"}")
                .statusCode())
        .isEqualTo(400);

    for (String path :
        new String[] {"/connections", "/connections/x1", "/variables", "/variables/v1"}) {
      String html = api.client().get(path).body();
      assertThat(html).as(path).doesNotContain(XSS).contains("&lt;script&gt;");
    }
  }

  @Test
  void variables_are_added_edited_and_deleted_through_the_forms_and_secret_ones_are_masked() {
    ApiClient op = browserAs("otto", Role.OP);
    String csrf = csrfOf(op.get("/variables/new").body());
    assertThat(
            op.postForm("/variables", form(csrf, "key", "region", "value", "eu-west-1"))
                .statusCode())
        .isEqualTo(303);
    assertThat(
            op.postForm("/variables", form(csrf, "key", "api_token", "value", "tok-hidden-99"))
                .statusCode())
        .isEqualTo(303);

    String list = op.get("/variables").body();
    assertThat(list).contains("eu-west-1", "***").doesNotContain("tok-hidden-99");
    assertThat(op.get("/variables/api_token").body()).doesNotContain("tok-hidden-99");

    // An empty value for a masked variable keeps it; a plain one is replaced.
    op.postForm("/variables/api_token", form(csrf, "value", ""));
    op.postForm("/variables/region", form(csrf, "value", "us-east-1"));
    assertThat(api.metastore.variable("api_token")).contains("tok-hidden-99");
    assertThat(api.metastore.variable("region")).contains("us-east-1");

    assertThat(op.postForm("/variables/region/delete", form(csrf)).statusCode()).isEqualTo(303);
    assertThat(api.metastore.variables()).containsOnlyKeys("api_token");
  }
}

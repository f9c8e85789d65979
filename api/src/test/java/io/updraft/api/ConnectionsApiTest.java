package io.updraft.api;

import static io.updraft.api.ApiClient.contentType;
import static io.updraft.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.updraft.core.auth.Role;
import io.updraft.core.connection.Connection;
import io.updraft.sql.FernetCipher;
import io.updraft.sql.PostgresSecretsBackend;
import io.updraft.testing.PostgresExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code /api/v1/connections} and {@code /api/v1/variables} over the real metastore. */
@ExtendWith(PostgresExtension.class)
class ConnectionsApiTest {
  static final String PASSWORD = "s3cr3t/p@ss word+&";
  static final String TOKEN = "tok-very-secret-123";

  private static TestApi api;

  @BeforeAll
  static void start() {
    api = TestApi.connect().withConnectionTests().start();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  static String body(String connId) {
    return """
        {"connection_id": "%s", "conn_type": "tcp", "description": "the db", "host": "db.local",
         "login": "ann", "password": "%s", "port": 5432,
         "extra": {"api_token": "%s", "region": "eu-west-1"}}"""
        .formatted(connId, PASSWORD.replace("\\", "\\\\"), TOKEN);
  }

  static void assertNoSecret(String text) {
    assertThat(text)
        .doesNotContain(PASSWORD)
        .doesNotContain(URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8))
        .doesNotContain("s3cr3t")
        .doesNotContain(TOKEN);
  }

  @Test
  void a_connection_round_trips_through_create_read_patch_and_delete_without_its_password() {
    ApiClient op = api.as(Role.OP);

    HttpResponse<String> created = op.post("/api/v1/connections", body("warehouse"));
    assertThat(created.statusCode()).isEqualTo(201);
    assertNoSecret(created.body());
    JsonNode c = json(created);
    assertThat(c.get("connection_id").asText()).isEqualTo("warehouse");
    assertThat(c.get("password_set").asBoolean()).isTrue();
    assertThat(c.has("password")).isFalse();
    assertThat(c.at("/extra/api_token").asText()).isEqualTo("***");
    assertThat(c.at("/extra/region").asText()).isEqualTo("eu-west-1");
    // Stored for real, encrypted, with the password.
    assertThat(api.metastore.connection("warehouse").orElseThrow().password()).isEqualTo(PASSWORD);

    HttpResponse<String> list = api.as(Role.VIEWER).get("/api/v1/connections");
    assertThat(list.statusCode()).isEqualTo(200);
    assertNoSecret(list.body());
    assertThat(json(list).get("total_entries").asInt()).isEqualTo(1);

    HttpResponse<String> got = api.as(Role.VIEWER).get("/api/v1/connections/warehouse");
    assertThat(got.statusCode()).isEqualTo(200);
    assertNoSecret(got.body());
    assertThat(json(got).get("host").asText()).isEqualTo("db.local");

    // Sending back what was shown (the masked token) keeps the stored token.
    HttpResponse<String> patched =
        op.patch(
            "/api/v1/connections/warehouse",
            "{\"host\": \"db2.local\", \"extra\": {\"api_token\": \"***\", \"region\": \"us\"}}");
    assertThat(patched.statusCode()).isEqualTo(200);
    assertNoSecret(patched.body());
    Connection stored = api.metastore.connection("warehouse").orElseThrow();
    assertThat(stored.host()).isEqualTo("db2.local");
    assertThat(stored.password()).isEqualTo(PASSWORD);
    assertThat(stored.extra()).containsEntry("api_token", TOKEN).containsEntry("region", "us");

    assertThat(op.delete("/api/v1/connections/warehouse").statusCode()).isEqualTo(204);
    assertThat(api.metastore.connection("warehouse")).isEmpty();
    HttpResponse<String> gone = op.get("/api/v1/connections/warehouse");
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(contentType(gone)).startsWith("application/problem+json");
  }

  @Test
  void a_second_connection_with_the_same_id_conflicts() {
    ApiClient admin = api.client();
    assertThat(admin.post("/api/v1/connections", body("dup")).statusCode()).isEqualTo(201);
    HttpResponse<String> again = admin.post("/api/v1/connections", body("dup"));
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(json(again).get("detail").asText()).contains("'dup' already exists");
  }

  @Test
  void ids_that_are_path_segments_are_refused_with_the_rule_not_stored() {
    ApiClient op = api.as(Role.OP);
    for (String id : java.util.List.of(".", "..")) {
      HttpResponse<String> conn =
          op.post(
              "/api/v1/connections", "{\"connection_id\": \"" + id + "\", \"conn_type\": \"tcp\"}");
      assertThat(conn.statusCode()).isEqualTo(400);
      assertThat(json(conn).get("detail").asText())
          .contains("'connection_id' '" + id + "' cannot be used: it has the path segment")
          .contains("no segment '.' or '..'");

      HttpResponse<String> variable =
          op.post("/api/v1/variables", "{\"key\": \"" + id + "\", \"value\": \"v\"}");
      assertThat(variable.statusCode()).isEqualTo(400);
      assertThat(json(variable).get("detail").asText())
          .contains("'key' '" + id + "' cannot be used");
    }
    assertThat(json(op.get("/api/v1/connections")).get("total_entries").asInt()).isZero();
    assertThat(json(op.get("/api/v1/variables")).get("total_entries").asInt()).isZero();
  }

  @Test
  void bad_input_is_a_problem_that_names_the_field() {
    ApiClient op = api.as(Role.OP);
    HttpResponse<String> badId =
        op.post("/api/v1/connections", "{\"connection_id\": \"a b\", \"conn_type\": \"tcp\"}");
    assertThat(badId.statusCode()).isEqualTo(400);
    assertThat(contentType(badId)).startsWith("application/problem+json");
    assertThat(json(badId).get("detail").asText()).contains("'connection_id'");

    HttpResponse<String> noType = op.post("/api/v1/connections", "{\"connection_id\": \"x\"}");
    assertThat(json(noType).get("detail").asText()).contains("'conn_type'");

    HttpResponse<String> badPort =
        op.post(
            "/api/v1/connections",
            "{\"connection_id\": \"x\", \"conn_type\": \"tcp\", \"port\": \"many\"}");
    assertThat(badPort.statusCode()).isEqualTo(400);
    assertThat(json(badPort).get("detail").asText()).contains("'port'");

    HttpResponse<String> badExtra =
        op.post(
            "/api/v1/connections",
            "{\"connection_id\": \"x\", \"conn_type\": \"tcp\", \"extra\": \"[1\"}");
    assertThat(json(badExtra).get("detail").asText()).contains("'extra'");

    HttpResponse<String> noValue = op.post("/api/v1/variables", "{\"key\": \"k\"}");
    assertThat(noValue.statusCode()).isEqualTo(400);
    assertThat(json(noValue).get("detail").asText()).contains("'value'");
    assertThat(api.metastore.connections()).isEmpty();
  }

  @Test
  void a_viewer_reads_but_cannot_write_connections_or_variables() {
    api.client().post("/api/v1/connections", body("ro"));
    ApiClient viewer = api.as(Role.VIEWER);

    assertThat(viewer.get("/api/v1/connections/ro").statusCode()).isEqualTo(200);
    assertThat(viewer.post("/api/v1/connections", body("mine")).statusCode()).isEqualTo(403);
    assertThat(viewer.patch("/api/v1/connections/ro", "{\"host\": \"h\"}").statusCode())
        .isEqualTo(403);
    assertThat(viewer.delete("/api/v1/connections/ro").statusCode()).isEqualTo(403);
    assertThat(viewer.post("/api/v1/connections/test", body("ro")).statusCode()).isEqualTo(403);
    assertThat(viewer.post("/api/v1/variables", "{\"key\": \"k\", \"value\": \"v\"}").statusCode())
        .isEqualTo(403);
    assertThat(api.anonymous().get("/api/v1/connections").statusCode()).isEqualTo(401);
    assertThat(api.metastore.connections()).extracting(Connection::connId).containsExactly("ro");
    assertThat(api.metastore.variables()).isEmpty();
  }

  @Test
  void the_test_opens_the_hook_of_the_conn_type_and_says_when_there_is_none() throws IOException {
    try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String reachable =
          "{\"connection_id\": \"t\", \"conn_type\": \"tcp\", \"host\": \"127.0.0.1\","
              + " \"port\": "
              + listening.getLocalPort()
              + ", \"password\": \""
              + PASSWORD
              + "\"}";
      HttpResponse<String> ok = api.client().post("/api/v1/connections/test", reachable);
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(json(ok).get("status").asBoolean()).isTrue();
      assertThat(json(ok).get("message").asText()).contains("Connected to 127.0.0.1");
      assertNoSecret(ok.body());
    }

    HttpResponse<String> none =
        api.client()
            .post("/api/v1/connections/test", "{\"connection_id\": \"t\", \"conn_type\": \"ftp\"}");
    assertThat(json(none).get("status").asBoolean()).isFalse();
    assertThat(json(none).get("message").asText())
        .contains("No hook is installed for conn type 'ftp'")
        .contains("[tcp]");
    // Testing stores nothing.
    assertThat(api.metastore.connections()).isEmpty();
  }

  @Test
  void a_variable_round_trips_through_create_read_patch_and_delete() {
    ApiClient op = api.as(Role.OP);
    HttpResponse<String> created =
        op.post(
            "/api/v1/variables",
            "{\"key\": \"target_bucket\", \"value\": \"s3://b\", \"description\": \"where\"}");
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(api.metastore.variable("target_bucket")).contains("s3://b");
    assertThat(
            op.post("/api/v1/variables", "{\"key\": \"target_bucket\", \"value\": \"x\"}")
                .statusCode())
        .isEqualTo(409);

    JsonNode list = json(api.as(Role.VIEWER).get("/api/v1/variables"));
    assertThat(list.get("total_entries").asInt()).isEqualTo(1);
    assertThat(list.at("/variables/0/value").asText()).isEqualTo("s3://b");
    assertThat(list.at("/variables/0/description").asText()).isEqualTo("where");

    assertThat(op.patch("/api/v1/variables/target_bucket", "{\"value\": \"s3://c\"}").statusCode())
        .isEqualTo(200);
    JsonNode changed = json(op.get("/api/v1/variables/target_bucket"));
    assertThat(changed.get("value").asText()).isEqualTo("s3://c");
    assertThat(changed.get("description").asText()).isEqualTo("where");

    assertThat(op.delete("/api/v1/variables/target_bucket").statusCode()).isEqualTo(204);
    assertThat(op.get("/api/v1/variables/target_bucket").statusCode()).isEqualTo(404);
    assertThat(op.delete("/api/v1/variables/target_bucket").statusCode()).isEqualTo(404);
  }

  @Test
  void a_variable_named_like_a_secret_is_masked_by_the_api_and_kept_when_sent_back_masked() {
    ApiClient op = api.as(Role.OP);
    HttpResponse<String> created =
        op.post(
            "/api/v1/variables",
            "{\"key\": \"partner_api_key\", \"value\": \"%s\"}".formatted(TOKEN));
    assertThat(created.statusCode()).isEqualTo(201);
    assertNoSecret(created.body());
    assertThat(json(created).get("value").asText()).isEqualTo("***");

    HttpResponse<String> list = api.as(Role.VIEWER).get("/api/v1/variables");
    assertNoSecret(list.body());
    assertThat(json(list).at("/variables/0/value").asText()).isEqualTo("***");
    HttpResponse<String> one = api.as(Role.VIEWER).get("/api/v1/variables/partner_api_key");
    assertNoSecret(one.body());
    assertThat(json(one).get("value").asText()).isEqualTo("***");

    HttpResponse<String> roundTrip =
        op.patch(
            "/api/v1/variables/partner_api_key", "{\"value\": \"***\", \"description\": \"d\"}");
    assertThat(roundTrip.statusCode()).isEqualTo(200);
    assertNoSecret(roundTrip.body());
    assertThat(api.metastore.variable("partner_api_key")).contains(TOKEN);
    assertThat(op.delete("/api/v1/variables/partner_api_key").statusCode()).isEqualTo(204);
  }

  @Test
  void without_a_fernet_key_writes_are_refused_with_a_problem_that_says_to_set_one() {
    TestApi other = TestApi.connect();
    PostgresSecretsBackend keyless =
        new PostgresSecretsBackend(other.database, new FernetCipher(List.of()));
    try (other) {
      other.start(keyless);
      ApiClient admin = other.client();
      HttpResponse<String> conn = admin.post("/api/v1/connections", body("nokey"));
      assertThat(conn.statusCode()).isEqualTo(409);
      assertThat(json(conn).get("detail").asText()).contains("secrets.fernet_key");
      HttpResponse<String> variable =
          admin.post("/api/v1/variables", "{\"key\": \"k\", \"value\": \"v\"}");
      assertThat(variable.statusCode()).isEqualTo(409);
      assertThat(json(variable).get("detail").asText()).contains("secrets.fernet_key");
    }
    assertThat(api.metastore.connections()).isEmpty();
    assertThat(api.metastore.variables()).isEmpty();
  }

  @Test
  void values_stored_under_another_fernet_key_are_a_conflict_that_says_so_not_a_404_or_a_500() {
    TestApi other = TestApi.connect();
    PostgresSecretsBackend otherKey =
        new PostgresSecretsBackend(
            other.database, new FernetCipher(List.of(FernetCipher.generateKey())));
    api.metastore.putVariable("region", "eu-west-1", null);
    try (other) {
      other.start(otherKey);
      ApiClient admin = other.client();
      for (String path : List.of("/api/v1/variables/region", "/api/v1/variables", "/variables")) {
        HttpResponse<String> read = admin.get(path);
        assertThat(read.statusCode()).as(path).isEqualTo(409);
        assertThat(read.body())
            .as(path)
            .contains("Cannot decrypt variable")
            .contains("encrypted with another key")
            .doesNotContain("eu-west-1");
      }
    } finally {
      api.metastore.deleteVariable("region");
    }
  }
}

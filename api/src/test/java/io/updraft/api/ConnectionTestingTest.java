package io.updraft.api;

import static io.updraft.api.ApiClient.json;
import static io.updraft.api.SecurityTest.csrfOf;
import static io.updraft.api.SecurityTest.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.updraft.core.auth.Role;
import io.updraft.core.connection.Connection;
import io.updraft.hooks.http.HttpHookFactory;
import io.updraft.hooks.postgres.PostgresHookFactory;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.TestDatabase;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Attacks on connection testing: sending a stored connection's credentials to another host,
 * bouncing a test elsewhere with a redirect, scanning ports, leaking a pool per test, and running a
 * test without being an admin or without the server allowing it.
 */
@ExtendWith(PostgresExtension.class)
class ConnectionTestingTest {
  private static final String PASSWORD = "stored-pw-Zq81";
  private static final String API_KEY = "stored-api-key-77";

  private static TestApi api;
  private static TestApi off;
  private final List<HttpServer> servers = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    api =
        TestApi.connect()
            .withConnectionTests(new HttpHookFactory(), new PostgresHookFactory())
            .start();
    off = TestApi.connect().start();
  }

  @AfterAll
  static void stop() {
    api.close();
    off.close();
  }

  @AfterEach
  void stopServers() {
    servers.forEach(s -> s.stop(0));
  }

  /** A local HTTP server that records the Authorization header of every request it gets. */
  private HttpServer server(List<String> seen, int status, String location) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          seen.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
          if (location != null) {
            exchange.getResponseHeaders().add("Location", location);
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
    servers.add(server);
    return server;
  }

  private static void storeHttpConnection(String connId, int port) {
    api.metastore.put(
        new Connection(
            connId,
            "http",
            null,
            "127.0.0.1",
            "etl",
            PASSWORD,
            null,
            port,
            Map.of("api_key", API_KEY)));
  }

  @Test
  void a_stored_connection_id_with_another_host_is_refused_and_the_other_host_hears_nothing()
      throws IOException {
    List<String> attacker = new CopyOnWriteArrayList<>();
    int attackerPort = server(attacker, 200, null).getAddress().getPort();
    storeHttpConnection("warehouse_api", 1);

    for (String body :
        List.of(
            "{\"connection_id\": \"warehouse_api\", \"conn_type\": \"http\","
                + " \"host\": \"127.0.0.1\", \"port\": "
                + attackerPort
                + "}",
            "{\"connection_id\": \"warehouse_api\", \"port\": " + attackerPort + "}",
            "{\"connection_id\": \"warehouse_api\", \"extra\": {\"api_key\": \"***\"}}")) {
      HttpResponse<String> refused = api.client().post("/api/v1/connections/test", body);
      assertThat(refused.statusCode()).as(body).isEqualTo(400);
      assertThat(json(refused).get("detail").asText())
          .contains("'warehouse_api' is stored", "uses the stored connection only");
    }
    assertThat(attacker).as("requests the attacker's server received").isEmpty();
  }

  @Test
  void an_unsaved_connection_is_tested_with_only_what_the_body_gives() throws IOException {
    List<String> seen = new CopyOnWriteArrayList<>();
    int port = server(seen, 200, null).getAddress().getPort();
    storeHttpConnection("warehouse_api", port);
    // Names no stored connection, and asks for the stored extra through the mask.
    String body =
        "{\"connection_id\": \"fresh_api\", \"conn_type\": \"http\", \"host\": \"127.0.0.1\","
            + " \"port\": "
            + port
            + ", \"extra\": {\"api_key\": \"***\"}}";

    HttpResponse<String> tested = api.client().post("/api/v1/connections/test", body);

    assertThat(tested.statusCode()).isEqualTo(200);
    assertThat(json(tested).get("status").asBoolean()).isTrue();
    assertThat(seen).containsExactly("null");
    assertThat(tested.body()).doesNotContain(PASSWORD, API_KEY);

    HttpResponse<String> asStored =
        api.client().post("/api/v1/connections/test", "{\"connection_id\": \"warehouse_api\"}");
    assertThat(json(asStored).get("status").asBoolean()).isTrue();
    assertThat(seen).hasSize(2);
    assertThat(seen.get(1)).startsWith("Basic ");
  }

  @Test
  void a_test_follows_no_redirect_to_another_host() throws IOException {
    List<String> elsewhere = new CopyOnWriteArrayList<>();
    int elsewherePort = server(elsewhere, 200, null).getAddress().getPort();
    List<String> first = new CopyOnWriteArrayList<>();
    int port =
        server(first, 302, "http://127.0.0.1:" + elsewherePort + "/steal").getAddress().getPort();
    storeHttpConnection("bouncing_api", port);

    HttpResponse<String> tested =
        api.client().post("/api/v1/connections/test", "{\"connection_id\": \"bouncing_api\"}");

    assertThat(json(tested).get("message").asText()).contains("answered HTTP 302");
    assertThat(first).hasSize(1);
    assertThat(elsewhere).isEmpty();
  }

  @Test
  void a_closed_port_and_a_silent_port_get_the_same_answer_within_seconds() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    String closed = testUnsaved(closedPort);
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      long started = System.nanoTime();
      String timedOut = testUnsaved(silent.getLocalPort());
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(9));
      assertThat(timedOut).isEqualTo(closed);
    }
    assertThat(closed)
        .contains("Could not connect")
        .doesNotContainIgnoringCase("refused")
        .doesNotContainIgnoringCase("timeout")
        .doesNotContainIgnoringCase("timed out")
        .doesNotContain("Exception", String.valueOf(closedPort));
  }

  private static String testUnsaved(int port) {
    HttpResponse<String> tested =
        api.client()
            .post(
                "/api/v1/connections/test",
                "{\"connection_id\": \"probe\", \"conn_type\": \"http\", \"host\": \"127.0.0.1\","
                    + " \"port\": "
                    + port
                    + "}");
    assertThat(json(tested).get("status").asBoolean()).isFalse();
    return json(tested).get("message").asText();
  }

  @Test
  void thirty_tests_of_distinct_postgres_connections_leave_no_backend_or_pool_open() {
    TestDatabase db = PostgresExtension.database();
    URI uri = URI.create(db.jdbcUrl().substring("jdbc:".length()));
    String database = uri.getPath().substring(1);
    int baseline = backends();

    for (int i = 0; i < 30; i++) {
      String body =
          "{\"connection_id\": \"pg_"
              + i
              + "\", \"conn_type\": \"postgres\", \"host\": \""
              + uri.getHost()
              + "\", \"port\": "
              + uri.getPort()
              + ", \"schema\": \""
              + database
              + "\", \"login\": \""
              + db.user()
              + "\""
              + (db.password() == null ? "" : ", \"password\": \"" + db.password() + "\"")
              + "}";
      HttpResponse<String> tested = api.client().post("/api/v1/connections/test", body);
      assertThat(json(tested).get("status").asBoolean()).as(tested.body()).isTrue();
    }

    assertThat(api.hooks().pools().openClients()).isZero();
    // A closed backend leaves pg_stat_activity a moment after its client hangs up.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(backends()).isLessThanOrEqualTo(baseline));
  }

  private static int backends() {
    return api.database
        .dsl()
        .fetchOne("select count(*) from pg_stat_activity where datname = current_database()")
        .get(0, Integer.class);
  }

  @Test
  void an_op_may_not_test_a_connection_in_the_api_or_the_ui() {
    storeHttpConnection("warehouse_api", 1);
    HttpResponse<String> viaApi =
        api.as(Role.OP).post("/api/v1/connections/test", "{\"connection_id\": \"warehouse_api\"}");
    assertThat(viaApi.statusCode()).isEqualTo(403);
    assertThat(json(viaApi).get("detail").asText()).contains("needs role admin");

    ApiClient browser = ApiClient.browser(api.server());
    signIn(browser, "op-user", api.user("op-user", Role.OP), "/");
    String csrf = csrfOf(browser.get("/connections").body());
    assertThat(browser.get("/connections").body()).doesNotContain("/test\"");
    assertThat(
            browser.postForm("/connections/warehouse_api/test", Map.of("_csrf", csrf)).statusCode())
        .isEqualTo(403);
  }

  @Test
  void tests_are_off_unless_configured_and_the_refusal_says_how_to_turn_them_on()
      throws IOException {
    List<String> seen = new CopyOnWriteArrayList<>();
    int port = server(seen, 200, null).getAddress().getPort();
    HttpResponse<String> refused =
        off.client()
            .post(
                "/api/v1/connections/test",
                "{\"connection_id\": \"t\", \"conn_type\": \"tcp\", \"host\": \"127.0.0.1\","
                    + " \"port\": "
                    + port
                    + "}");
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(json(refused).get("detail").asText())
        .contains("api.connection_test: true", "UPDRAFT_API__CONNECTION_TEST=true");

    off.metastore.put(
        new Connection("t", "tcp", null, "127.0.0.1", null, null, null, port, Map.of()));
    ApiClient admin = ApiClient.browser(off.server());
    signIn(admin, "admin-user", off.user("admin-user", Role.ADMIN), "/");
    String page = admin.get("/connections").body();
    assertThat(page).doesNotContain("/test\"");
    assertThat(admin.postForm("/connections/t/test", Map.of("_csrf", csrfOf(page))).statusCode())
        .isEqualTo(403);
    assertThat(seen).isEmpty();
  }
}

package io.updraft.api;

import static io.updraft.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.connection.Connection;
import io.updraft.hooks.jdbc.JdbcHookFactory;
import io.updraft.hooks.ssh.SftpHookFactory;
import io.updraft.hooks.ssh.SshHookFactory;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.SshTestServer;
import io.updraft.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connection tests of ssh, sftp and jdbc connections through the API: they sign in for real, a host
 * key not in the known hosts is refused, and no answer holds a password.
 */
@ExtendWith(PostgresExtension.class)
class SshAndJdbcConnectionTestingTest {
  @TempDir static Path root;
  private static SshTestServer ssh;
  private static TestApi api;

  @BeforeAll
  static void start() {
    ssh = new SshTestServer(root);
    api =
        TestApi.connect()
            .withConnectionTests(new SshHookFactory(), new SftpHookFactory(), new JdbcHookFactory())
            .start();
  }

  @AfterAll
  static void stop() throws Exception {
    api.close();
    ssh.close();
  }

  private static Connection sshConnection(String connId, String type, Map<String, Object> extra) {
    return new Connection(
        connId,
        type,
        null,
        "127.0.0.1",
        SshTestServer.USER,
        SshTestServer.PASSWORD,
        null,
        ssh.port(),
        extra);
  }

  private static HttpResponse<String> test(String connId) {
    return api.client().post("/api/v1/connections/test", "{\"connection_id\": \"" + connId + "\"}");
  }

  @Test
  void ssh_and_sftp_connections_sign_in_only_to_a_known_host_and_never_show_the_password() {
    Map<String, Object> known = Map.of("known_hosts", ssh.knownHostsLine());
    api.metastore.put(sshConnection("box", "ssh", known));
    api.metastore.put(sshConnection("drop", "sftp", known));
    api.metastore.put(sshConnection("unknown_host", "ssh", Map.of()));

    HttpResponse<String> box = test("box");
    HttpResponse<String> drop = test("drop");
    HttpResponse<String> unknown = test("unknown_host");

    assertThat(json(box).get("status").asBoolean()).isTrue();
    assertThat(json(box).get("message").asText()).isEqualTo("Connected to 127.0.0.1 as etl");
    assertThat(json(drop).get("status").asBoolean()).isTrue();
    assertThat(json(unknown).get("status").asBoolean()).isFalse();
    assertThat(json(unknown).get("message").asText()).startsWith("Could not connect");
    for (HttpResponse<String> r : java.util.List.of(box, drop, unknown)) {
      assertThat(r.body()).doesNotContain(SshTestServer.PASSWORD);
    }
  }

  @Test
  void a_jdbc_connection_is_tested_with_its_driver_and_a_wrong_password_shows_nothing() {
    TestDatabase db = PostgresExtension.database();
    String wrong = "wrong-jdbc-pw-5521";
    api.metastore.put(
        new Connection(
            "reporting",
            "jdbc",
            null,
            db.jdbcUrl(),
            db.user(),
            db.password(),
            null,
            null,
            Map.of("driver_class", "org.postgresql.Driver")));
    api.metastore.put(
        new Connection(
            "reporting_odd",
            "jdbc",
            null,
            db.jdbcUrl(),
            db.user(),
            wrong,
            null,
            null,
            Map.of("driver_class", "java.lang.Thread")));

    HttpResponse<String> good = test("reporting");
    HttpResponse<String> odd = test("reporting_odd");

    assertThat(json(good).get("status").asBoolean()).isTrue();
    assertThat(json(good).get("message").asText()).startsWith("Connected: PostgreSQL");
    assertThat(json(odd).get("status").asBoolean()).isFalse();
    assertThat(json(odd).get("message").asText()).contains("is not a java.sql.Driver");
    assertThat(odd.body()).doesNotContain(wrong);
  }
}

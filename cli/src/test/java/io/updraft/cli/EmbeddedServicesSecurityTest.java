package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.core.config.UpdraftConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL and Redis of a standalone, attacked as another local user would: without
 * the passwords nothing connects, and the database role Updraft uses cannot run programs.
 */
class EmbeddedServicesSecurityTest {
  @TempDir Path parent;

  @Test
  void without_the_passwords_another_local_user_gets_neither_the_database_nor_redis()
      throws Exception {
    Path home = parent.resolve("home");
    OwnerOnlyFiles.privateDirectory(home);
    StandaloneCredentials credentials = StandaloneCredentials.loadOrCreate(home);
    try (EmbeddedServices services = new EmbeddedServices(home, credentials)) {
      UpdraftConfig config = services.startMissing(UpdraftConfig.defaults());
      String url = config.database().url();
      int port = URI.create(url.substring("jdbc:".length())).getPort();

      // What trust authentication allowed: the superuser, no password.
      assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", null).close())
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("password");
      assertThatThrownBy(
              () ->
                  DriverManager.getConnection(
                          EmbeddedPostgresRoles.url(port, "postgres"), "postgres", "guess")
                      .close())
          .hasMessageContaining("password authentication failed");

      try (Connection c =
              DriverManager.getConnection(
                  url, config.database().user(), config.database().password());
          Statement st = c.createStatement()) {
        var rs = st.executeQuery("SELECT rolsuper FROM pg_roles WHERE rolname = current_user");
        assertThat(rs.next()).isTrue();
        assertThat(rs.getBoolean(1)).as("updraft is no superuser").isFalse();
        assertThatThrownBy(() -> st.execute("COPY (SELECT 1) TO PROGRAM 'true'"))
            .hasMessageContaining("permission denied");
      }
      assertThat(listenAddresses(url, config)).isEqualTo("127.0.0.1");

      URI redis = URI.create(services.redisUrl());
      assertThat(redis.getHost()).isEqualTo("127.0.0.1");
      assertThat(redisReply(redis.getPort(), "PING")).startsWith("-NOAUTH");
      assertThat(redisReply(redis.getPort(), "AUTH " + credentials.redisPassword()))
          .isEqualTo("+OK");
    }

    assertThat(mode(home)).isEqualTo("rwx------");
    assertThat(mode(StandaloneCredentials.file(home))).isEqualTo("rw-------");
    assertThat(home.resolve("initdb-password")).doesNotExist();
  }

  @Test
  void a_home_started_again_opens_its_database_with_the_stored_passwords() throws Exception {
    Path home = parent.resolve("home");
    OwnerOnlyFiles.privateDirectory(home);
    for (int start = 0; start < 2; start++) {
      StandaloneCredentials credentials = StandaloneCredentials.loadOrCreate(home);
      try (EmbeddedServices services = new EmbeddedServices(home, credentials)) {
        UpdraftConfig config = services.startMissing(UpdraftConfig.defaults());
        try (Connection c =
                DriverManager.getConnection(
                    config.database().url(),
                    config.database().user(),
                    config.database().password());
            Statement st = c.createStatement()) {
          st.execute("CREATE TABLE IF NOT EXISTS kept (n int)");
          st.execute("INSERT INTO kept VALUES (" + start + ")");
          var rs = st.executeQuery("SELECT count(*) FROM kept");
          rs.next();
          assertThat(rs.getInt(1)).isEqualTo(start + 1);
        }
      }
    }

    Files.delete(StandaloneCredentials.file(home));
    assertThatThrownBy(() -> StandaloneCredentials.loadOrCreate(home))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("credentials.properties is missing")
        .hasMessageContaining("Restore the file");
    assertThat(StandaloneCredentials.file(home)).doesNotExist();
  }

  private static String listenAddresses(String url, UpdraftConfig config) throws SQLException {
    try (Connection c =
            DriverManager.getConnection(
                url, config.database().user(), config.database().password());
        Statement st = c.createStatement()) {
      var rs = st.executeQuery("SHOW listen_addresses");
      rs.next();
      return rs.getString(1);
    }
  }

  /** One inline command to the Redis at {@code port}, and its one-line reply. */
  static String redisReply(int port, String command) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.getOutputStream().write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
      return new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
          .readLine();
    }
  }

  static String mode(Path path) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}

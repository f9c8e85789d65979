package io.updraft.hooks.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.updraft.core.connection.Connection;
import io.updraft.core.hook.HookScope;
import io.updraft.core.hook.Hooks;
import io.updraft.core.secrets.CredentialsRejectedException;
import io.updraft.hooks.testing.RotatingSecrets;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A password rotated in PostgreSQL and in the secrets backend while a worker holds the old one in
 * its cache. The shared test server trusts every local login, so this test starts a PostgreSQL of
 * its own that checks passwords (scram-sha-256) for every role but the admin.
 */
class PostgresCredentialRotationTest {
  private static final AtomicInteger ROLES = new AtomicInteger();
  private static EmbeddedPostgres server;

  @TempDir Path dir;
  private RotatingSecrets secrets;
  private Hooks hooks;
  private HookScope task;
  private String role;

  @BeforeAll
  static void start() throws IOException {
    server =
        EmbeddedPostgres.builder()
            .setDataDirectoryCustomizer(
                data -> {
                  try {
                    Files.writeString(
                        data.toPath().resolve("pg_hba.conf"),
                        """
                        local all all trust
                        host all postgres 127.0.0.1/32 trust
                        host all postgres ::1/128 trust
                        host all all 127.0.0.1/32 scram-sha-256
                        host all all ::1/128 scram-sha-256
                        """);
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                })
            .start();
  }

  @AfterAll
  static void stop() throws IOException {
    server.close();
  }

  @BeforeEach
  void open() throws SQLException {
    role = "rotating_" + ROLES.incrementAndGet();
    admin("create role " + role + " login password 'pass-A'");
    secrets = new RotatingSecrets(dir);
    secrets.store(connection("pass-A"));
    hooks = Hooks.load(secrets.lookup(), getClass().getClassLoader());
    task = hooks.scope("task etl.load");
  }

  @AfterEach
  void close() {
    task.close();
    hooks.close();
  }

  private Connection connection(String password) {
    return new Connection(
        "warehouse",
        "postgres",
        null,
        "127.0.0.1",
        role,
        password,
        "postgres",
        server.getPort(),
        Map.of("pool_size", "2"));
  }

  private static void admin(String sql) throws SQLException {
    try (java.sql.Connection c = server.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /**
   * The password changes in PostgreSQL. Sessions already open stay logged in, so the pool is made
   * to open new ones, as it does when connections reach their max lifetime.
   */
  private void rotateInPostgres(PostgresHook db, String password) throws SQLException {
    admin("alter role " + role + " password '" + password + "'");
    ((HikariDataSource) db.dataSource()).getHikariPoolMXBean().softEvictConnections();
  }

  @Test
  void a_password_rotated_in_the_backend_is_fetched_once_and_the_next_query_succeeds()
      throws SQLException {
    PostgresHook db = task.open("warehouse", PostgresHook.class);
    assertThat(db.firstRow("select current_user as u").orElseThrow()).containsEntry("u", role);
    javax.sql.DataSource oldPool = db.dataSource();

    rotateInPostgres(db, "pass-B");
    secrets.store(connection("pass-B"));
    long started = System.nanoTime();
    assertThat(db.firstRow("select current_user as u").orElseThrow()).containsEntry("u", role);
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(secrets.backendReads("warehouse")).as("opened, then fetched once").isEqualTo(2);
    assertThat(db.dataSource()).as("a pool for the new password").isNotSameAs(oldPool);
    assertThat(took)
        .as("the rejection is seen without waiting the 30 s pool timeout")
        .isLessThan(Duration.ofSeconds(10));
    try (HookScope next = hooks.scope("task etl.next")) {
      PostgresHook again = next.open("warehouse", PostgresHook.class);
      assertThat(again.records("select 1 as one")).hasSize(1);
      assertThat(again.dataSource()).isSameAs(db.dataSource());
    }
    assertThat(secrets.backendReads("warehouse")).as("the cache holds the new one").isEqualTo(2);
  }

  @Test
  void a_backend_still_holding_the_old_password_fails_naming_the_connection() throws SQLException {
    PostgresHook db = task.open("warehouse", PostgresHook.class);
    db.run("select 1");

    rotateInPostgres(db, "pass-B");

    assertThatThrownBy(() -> db.run("select 1"))
        .isInstanceOf(CredentialsRejectedException.class)
        .hasMessageContaining("PostgreSQL rejected the credentials of connection 'warehouse'")
        .hasMessageContaining("SQLState 28P01")
        .hasMessageContaining("credentials are unchanged")
        .hasMessageNotContaining("pass-");
    assertThat(secrets.backendReads("warehouse")).isEqualTo(2);
  }

  @Test
  void a_wrong_password_fetched_again_fails_saying_it_was_rejected_after_the_fetch()
      throws SQLException {
    PostgresHook db = task.open("warehouse", PostgresHook.class);
    db.run("select 1");

    rotateInPostgres(db, "pass-B");
    secrets.store(connection("pass-typo"));

    assertThatThrownBy(() -> db.records("select 1"))
        .isInstanceOf(CredentialsRejectedException.class)
        .hasMessageStartingWith(
            "Connection 'warehouse' was fetched again after its credentials were rejected, and the"
                + " new credentials were rejected too: PostgreSQL rejected the credentials of"
                + " connection 'warehouse' (SQLState 28P01")
        .hasMessageNotContaining("pass-")
        .rootCause()
        .isInstanceOf(SQLException.class);
    assertThat(secrets.backendReads("warehouse")).as("one fetch, no loop").isEqualTo(2);
  }
}

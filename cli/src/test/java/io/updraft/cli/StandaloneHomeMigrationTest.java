package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.core.auth.Role;
import io.updraft.core.config.DatabaseConfig;
import io.updraft.core.config.UpdraftConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A home made by an Updraft whose embedded PostgreSQL trusted every local connection: its next
 * start sets passwords and hands the data to the updraft role, and nothing is lost.
 */
class StandaloneHomeMigrationTest {
  @TempDir Path home;

  @Test
  void a_trust_auth_home_gets_passwords_and_keeps_its_data() throws Exception {
    try (EmbeddedPostgres old =
        EmbeddedPostgres.builder()
            .setDataDirectory(home.resolve("postgres"))
            .setCleanDataDirectory(false)
            .setRegisterShutdownHook(false)
            .start()) {
      String url = "jdbc:postgresql://127.0.0.1:" + old.getPort() + "/postgres";
      UpdraftConfig before =
          UpdraftConfig.defaults().withDatabase(new DatabaseConfig(url, "postgres", null, 2));
      try (Backends b = Backends.open(before, true)) {
        UsersCommand.create(b, "alice", Role.ADMIN, "correct horse battery staple");
      }
    }

    OwnerOnlyFiles.privateDirectory(home);
    StandaloneCredentials credentials = StandaloneCredentials.loadOrCreate(home);
    try (EmbeddedServices services = new EmbeddedServices(home, credentials)) {
      UpdraftConfig after = services.startMissing(UpdraftConfig.defaults());
      assertThat(after.database().user()).isEqualTo("updraft");
      try (Backends b = Backends.open(after, true)) {
        assertThat(b.users.list()).extracting(u -> u.username()).contains("alice");
        UsersCommand.create(b, "bob", Role.VIEWER, "another long passphrase");
        assertThat(b.users.list()).hasSize(2);
      }
      assertThatThrownBy(
              () -> DriverManager.getConnection(after.database().url(), "postgres", null).close())
          .isInstanceOf(SQLException.class);
    }
    // The next start is an ordinary one: the passwords work without the migration's rule.
    try (EmbeddedServices services = new EmbeddedServices(home, credentials)) {
      UpdraftConfig again = services.startMissing(UpdraftConfig.defaults());
      try (Backends b = Backends.open(again, true)) {
        assertThat(b.users.list()).hasSize(2);
      }
    }
  }
}

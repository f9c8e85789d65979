package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The configuration file a CLI test points its commands at: the test's own PostgreSQL database (and
 * Redis namespace), plus the sections the test adds.
 */
final class TestConfigs {
  private TestConfigs() {}

  /** The {@code database:} section for the test's PostgreSQL database. */
  static String database() {
    var db = PostgresExtension.database();
    return "database:\n  url: "
        + db.jdbcUrl()
        + "\n  user: "
        + db.user()
        + (db.password() == null ? "" : "\n  password: " + db.password())
        + "\n";
  }

  /** The {@code database:} and {@code redis:} sections for the test's PostgreSQL and Redis. */
  static String databaseAndRedis() {
    return database()
        + "redis:\n  url: "
        + RedisExtension.url()
        + "\n  namespace: "
        + RedisExtension.namespace()
        + "\n";
  }

  /** A {@code secrets:} section with {@code key} as its Fernet key. */
  static String fernetKey(String key) {
    return "secrets:\n  fernet_key: " + key + "\n";
  }

  /** Writes {@code yaml} to {@code dir/updraft.yaml}. */
  static Path write(Path dir, String yaml) throws IOException {
    return Files.writeString(dir.resolve("updraft.yaml"), yaml);
  }

  /** Writes {@code yaml} to {@code dir/updraft.yaml} and migrates the database it names. */
  static Path migrated(Path dir, String yaml) throws IOException {
    Path config = write(dir, yaml);
    CliRun migrate = CliRun.of("db", "migrate", "--config", config.toString());
    assertThat(migrate.exitCode()).as(migrate.err()).isZero();
    return config;
  }
}

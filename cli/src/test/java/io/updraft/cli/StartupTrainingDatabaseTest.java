package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.testing.PostgresExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The start-up training with a database to read: it runs the listing commands against it. */
@ExtendWith(PostgresExtension.class)
class StartupTrainingDatabaseTest {
  @TempDir Path dir;

  @Test
  void with_a_database_configured_the_training_runs_the_listing_commands_against_it()
      throws Exception {
    var db = PostgresExtension.database();
    Path config = dir.resolve("updraft.yaml");
    Files.writeString(
        config,
        "database:\n  url: "
            + db.jdbcUrl()
            + "\n  user: "
            + db.user()
            + (db.password() == null ? "" : "\n  password: " + db.password())
            + "\n");

    CliRun migrated = CliRun.of("db", "migrate", "--config", config.toString());
    assertThat(migrated.exitCode()).as(migrated.err()).isZero();

    CliRun training = CliRun.of("startup-training", "--config", config.toString());

    assertThat(training.exitCode()).as(training.err()).isZero();
    assertThat(training.out())
        .as(training.err())
        .contains("Rendered 4 statements")
        .endsWith("ran 4 listing commands against the database." + System.lineSeparator())
        .doesNotContain("dag_id", "example_hello  ");
  }
}

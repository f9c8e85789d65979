package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.config.DatabaseConfig;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.core.run.StoredDag;
import io.updraft.sql.Database;
import io.updraft.sql.PostgresDagStore;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The updraft command as a user types it, against real PostgreSQL and Redis. */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class CommandLineTest {
  @TempDir Path dir;
  private Path config;

  @BeforeEach
  void writeConfig() throws Exception {
    config = TestConfigs.migrated(dir, TestConfigs.databaseAndRedis());
  }

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  @Test
  void dags_list_on_a_metastore_no_scheduler_has_filled_shows_the_class_path_dags() {
    CliRun result = run("dags", "list", "--config", config.toString());

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("example_hello").contains("@daily");
  }

  @Test
  void dags_list_shows_the_metastore_as_the_scheduler_left_it_and_registers_nothing() {
    var db = PostgresExtension.database();
    try (Database database =
        Database.connect(new DatabaseConfig(db.jdbcUrl(), db.user(), db.password(), 2))) {
      PostgresDagStore dags = new PostgresDagStore(database);
      Dag registered =
          Dag.builder("registered_by_a_scheduler").task(Task.bash("a", "true")).build();
      dags.save(registered.structure(), "v1", Instant.now(), true);

      CliRun result = run("dags", "list", "--config", config.toString());

      assertThat(result.exitCode()).as(result.err()).isZero();
      assertThat(result.out())
          .contains("registered_by_a_scheduler")
          .doesNotContain("example_hello");
      assertThat(result.err()).doesNotContain("DAG not loaded");
      assertThat(dags.list()).extracting(StoredDag::dagId).containsExactly(registered.id());
    }
  }

  @Test
  void triggering_an_unknown_dag_names_it_and_the_known_ones() {
    CliRun result = run("dags", "trigger", "no_such_dag", "--config", config.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("Unknown DAG 'no_such_dag'")
        .containsPattern("Known DAGs: .*example_hello")
        .doesNotContain("Exception");
  }

  @Test
  void invalid_conf_json_says_where_it_is_wrong_and_creates_no_run() {
    CliRun result =
        run(
            "dags",
            "trigger",
            "example_hello",
            "--conf",
            "{\"a\": 1,",
            "--config",
            config.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--conf is not valid JSON (line 1, column");
    assertThat(run("runs", "list", "example_hello", "--config", config.toString()).out())
        .doesNotContain("manual__");
  }

  @Test
  void conf_that_is_not_an_object_is_rejected() {
    CliRun result =
        run("dags", "trigger", "example_hello", "--conf", "[1, 2]", "--config", config.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--conf must be a JSON object");
  }

  @Test
  void a_trigger_creates_a_manual_run_that_runs_list_shows() {
    CliRun trigger =
        run(
            "dags",
            "trigger",
            "example_hello",
            "--conf",
            "{\"who\": \"me\"}",
            "--config",
            config.toString());

    assertThat(trigger.exitCode()).isZero();
    assertThat(trigger.out()).contains("Triggered example_hello run manual__");
    CliRun list = run("runs", "list", "example_hello", "--config", config.toString());
    // Redis is configured: the trigger started the run itself, no scheduler needed.
    assertThat(list.out()).contains("manual__").contains("running");
  }

  @Test
  void a_dag_with_a_cycle_is_reported_with_its_path_and_cannot_be_triggered() {
    CliRun list = run("dags", "list", "--config", config.toString());
    CliRun trigger = run("dags", "trigger", "broken_cycle", "--config", config.toString());

    assertThat(list.exitCode()).isZero();
    assertThat(list.err()).contains("DAG not loaded").contains("cycle: a -> b -> c -> a");
    assertThat(trigger.exitCode()).isEqualTo(2);
    assertThat(trigger.err())
        .contains("DAG 'broken_cycle' could not be loaded")
        .contains("cycle: a -> b -> c -> a");
  }

  @Test
  void db_clean_takes_an_age_and_says_what_it_deleted() {
    CliRun bad = run("db", "clean", "--older-than", "30x", "--config", config.toString());
    CliRun dryRun =
        run("db", "clean", "--older-than", "30d", "--dry-run", "--config", config.toString());
    CliRun clean = run("db", "clean", "--older-than", "30d", "--config", config.toString());

    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--older-than '30x' is not an age");
    assertThat(dryRun.out()).contains("0 finished run(s) ended before");
    assertThat(clean.out()).contains("Deleted 0 finished run(s)");
  }

  @Test
  void every_command_has_help() {
    for (String[] command :
        new String[][] {
          {"--help"},
          {"standalone", "--help"},
          {"scheduler", "--help"},
          {"worker", "--help"},
          {"api", "--help"},
          {"db", "migrate", "--help"},
          {"dags", "list", "--help"},
          {"dags", "trigger", "--help"},
          {"runs", "list", "--help"}
        }) {
      CliRun result = run(command);
      assertThat(result.exitCode()).as(String.join(" ", command)).isZero();
      assertThat(result.out()).as(String.join(" ", command)).contains("Usage: updraft");
    }
  }
}

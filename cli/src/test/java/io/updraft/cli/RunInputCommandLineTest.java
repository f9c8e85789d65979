package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.config.DatabaseConfig;
import io.updraft.core.run.DagRun;
import io.updraft.sql.Database;
import io.updraft.sql.PostgresRunStore;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile input on the command line: run ids, conf, params, dates and ages are checked as the API
 * checks them, and each is exit code 2 with one line saying what was wrong, never a stack trace.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class RunInputCommandLineTest {
  private static final String DAG = "sched_berlin";

  @TempDir Path dir;
  private String config;

  @BeforeEach
  void writeConfig() throws Exception {
    config = TestConfigs.migrated(dir, TestConfigs.databaseAndRedis()).toString();
  }

  private CliRun trigger(String... options) {
    List<String> args = new ArrayList<>(List.of("dags", "trigger", DAG));
    args.addAll(List.of(options));
    args.addAll(List.of("--config", config));
    return CliRun.of(args.toArray(String[]::new));
  }

  private List<DagRun> runs() {
    var db = PostgresExtension.database();
    try (Database database =
        Database.connect(new DatabaseConfig(db.jdbcUrl(), db.user(), db.password(), 1))) {
      return new PostgresRunStore(database, Clock.systemUTC()).listRuns(DAG, 100);
    }
  }

  private void assertUserError(CliRun result, String... parts) {
    assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
    // Other lines may warn about the test DAGs that do not load; the error is one line.
    List<String> errors = result.err().lines().filter(l -> !l.startsWith("Warning: ")).toList();
    assertThat(errors).hasSize(1);
    assertThat(errors.getFirst()).startsWith("Error: ").contains(parts);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"my run", "a/b", "{{ 7*7 }}", "$(id)", "m\u0430nual", "..", "r\u0000id", ""})
  void a_run_id_outside_the_safe_characters_exits_2_listing_them(String runId) {
    assertUserError(
        trigger("--run-id", runId, "--conf", "{\"limit\": 1}"),
        "--run-id",
        "A-Z a-z 0-9 _ . ~ : + -");
    assertThat(runs()).isEmpty();
  }

  @Test
  void a_run_id_over_250_characters_exits_2() {
    assertUserError(trigger("--run-id", "r".repeat(251), "--conf", "{\"limit\": 1}"), "250");
  }

  @Test
  void a_chosen_run_id_and_logical_date_make_the_run() {
    CliRun result =
        trigger(
            "--run-id",
            "nightly_2026-02-01~v2",
            "--logical-date",
            "2026-02-01",
            "--conf",
            "{\"limit\": 1}");

    assertThat(result.exitCode()).as(result.err()).isZero();
    DagRun run = runs().getFirst();
    assertThat(run.runId()).isEqualTo("nightly_2026-02-01~v2");
    assertThat(run.logicalDate()).hasToString("2026-01-31T23:00:00Z");
    assertThat(run.conf()).containsEntry("table", "sales");
  }

  @Test
  void a_nul_character_deep_nesting_and_a_huge_number_in_conf_exit_2_saying_where() {
    assertUserError(trigger("--conf", "{\"limit\": 1, \"t\": \"a\\u0000\"}"), "--conf at t", "NUL");
    assertUserError(
        trigger("--conf", "{\"limit\": 1, \"t\": " + "[".repeat(5000) + "]".repeat(5000) + "}"),
        "nested too deeply",
        "64");
    assertUserError(trigger("--conf", "{\"limit\": 1e999}"), "--conf at limit", "out of range");
    assertUserError(trigger("--conf", "{\"limit\": 1} trailing"), "--conf is not valid JSON");
    assertThat(runs()).isEmpty();
  }

  @Test
  void a_param_of_another_type_exits_2_naming_it_and_the_type() {
    for (String value : List.of("\"10\"", "true", "1.5", "[10]", "{}", "null")) {
      CliRun result = trigger("--conf", "{\"limit\": " + value + "}");
      assertThat(result.exitCode()).as(value).isEqualTo(2);
      assertThat(result.err()).contains("param 'limit'", "integer");
    }
    assertThat(runs()).isEmpty();
  }

  @Test
  void template_syntax_in_conf_is_stored_as_given() {
    String table = "{{ conn.x.password }}{% for i in range(9) %}{% endfor %}";

    CliRun result = trigger("--conf", "{\"limit\": 1, \"table\": \"" + table + "\"}");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(runs().getFirst().conf()).containsEntry("table", table);
  }

  @ParameterizedTest
  @ValueSource(strings = {"+99999-01-01", "-5000-01-01", "0000-06-01T00:00:00Z"})
  void a_logical_date_outside_years_1_to_9999_exits_2_with_the_range(String date) {
    assertUserError(
        trigger("--logical-date", date, "--conf", "{\"limit\": 1}"), "--logical-date", "9999");
  }

  @Test
  void a_backfill_outside_years_1_to_9999_or_with_bad_conf_exits_2() {
    assertUserError(
        CliRun.of(
            "dags",
            "backfill",
            DAG,
            "--from",
            "-5000-01-01",
            "--to",
            "2026-01-02",
            "--config",
            config),
        "--from",
        "9999");
    assertUserError(
        CliRun.of(
            "dags",
            "backfill",
            DAG,
            "--from",
            "2026-01-01",
            "--to",
            "+99999-01-01",
            "--config",
            config),
        "--to",
        "9999");
    assertUserError(
        CliRun.of(
            "dags",
            "backfill",
            DAG,
            "--from",
            "2026-01-01",
            "--to",
            "2026-01-02",
            "--conf",
            "{\"limit\": \"x\\u0000\"}",
            "--config",
            config),
        "NUL");
    assertUserError(
        CliRun.of(
            "dags",
            "backfill",
            DAG,
            "--from",
            "2026-01-01",
            "--to",
            "2026-01-02",
            "--conf",
            "{\"limit\": \"ten\"}",
            "--config",
            config),
        "param 'limit' must be of type integer");
    assertThat(runs()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"99999999999d", "99999999999999999999999999d", "876001h", "52560001m", "36501d"})
  void db_clean_with_an_age_past_a_century_exits_2_with_the_most_allowed(String age) {
    assertUserError(
        CliRun.of("db", "clean", "--older-than", age, "--dry-run", "--config", config),
        "--older-than",
        "is too large",
        "36500 days");
  }

  @Test
  void db_clean_with_a_century_is_fine() {
    CliRun result =
        CliRun.of("db", "clean", "--older-than", "36500d", "--dry-run", "--config", config);

    assertThat(result.exitCode()).as(result.err()).isZero();
  }
}

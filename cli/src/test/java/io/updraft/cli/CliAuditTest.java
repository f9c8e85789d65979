package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.config.DatabaseConfig;
import io.updraft.sql.Database;
import io.updraft.sql.FernetCipher;
import io.updraft.testing.PostgresExtension;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.jooq.Record;
import org.jooq.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line writes the audit log after each command that changes something. */
@ExtendWith(PostgresExtension.class)
class CliAuditTest {
  private static final String VALUE = "variable-value-Kq7-never-logged";
  private static final String PASSWORD = "conn-password-Zx9-never-logged";

  @TempDir Path dir;
  private String config;

  @BeforeEach
  void migrate() throws Exception {
    String yaml = TestConfigs.database() + TestConfigs.fernetKey(FernetCipher.generateKey());
    config = TestConfigs.migrated(dir, yaml).toString();
  }

  private static Result<Record> eventLog() {
    var db = PostgresExtension.database();
    try (Database database =
        Database.connect(new DatabaseConfig(db.jdbcUrl(), db.user(), db.password(), 1))) {
      return database.dsl().fetch("select * from event_log order by id");
    }
  }

  @Test
  void a_variable_set_is_recorded_as_the_os_user_with_its_key_and_never_its_value() {
    CliRun set =
        CliRun.of(
            "variables", "set", "db_password", VALUE, "--description", "x", "--config", config);
    assertThat(set.exitCode()).as(set.err()).isZero();

    Result<Record> rows = eventLog();
    assertThat(rows).hasSize(1);
    Record row = rows.getFirst();
    assertThat(row.get("actor", String.class)).isEqualTo("cli:" + System.getProperty("user.name"));
    assertThat(row.get("event", String.class)).isEqualTo("variable.set");
    assertThat(row.get("channel", String.class)).isEqualTo("cli");
    assertThat(row.get("source", String.class)).isEqualTo("cli");
    assertThat(row.get("extra", String.class))
        .contains("\"key\":\"db_password\"", "\"value\"", "--description");
    assertThat(rows.formatCSV()).doesNotContain(VALUE);
  }

  @Test
  void a_connection_password_given_on_the_command_line_is_never_recorded() {
    CliRun added =
        CliRun.of(
            "connections",
            "add",
            "warehouse",
            "--conn-uri",
            "postgresql://etl:" + PASSWORD + "@db.example.com:5432/sales",
            "--config",
            config);
    assertThat(added.exitCode()).as(added.err()).isZero();

    String table = eventLog().formatCSV();
    assertThat(table).contains("connection.create", "warehouse", "--conn-uri");
    assertThat(table).doesNotContain(PASSWORD, "db.example.com");
  }

  /**
   * Commands that change nothing a person should answer for: they read, run processes, write local
   * files, or migrate the schema the audit log lives in.
   */
  private static final Set<String> NOT_AUDITED =
      Set.of(
          "standalone",
          "scheduler",
          "worker",
          "api",
          "init",
          "bench-latency",
          "startup-training",
          "db migrate",
          "dags list",
          "dags next-runs",
          "dags validate",
          "dags test",
          "dags list-import-errors",
          "runs list",
          "workers list",
          "tasks logs",
          "tasks test",
          "config reference",
          "config show",
          "connections get",
          "connections list",
          "connections export",
          "connections check",
          "variables get",
          "variables list",
          "variables export",
          "fernet generate",
          "users list",
          "users tokens list");

  @Test
  void every_command_is_either_audited_or_known_to_change_nothing() {
    Set<String> leaves = new TreeSet<>();
    collect(Main.commandLine(), "", leaves);
    Set<String> unclassified = new TreeSet<>(leaves);
    unclassified.removeAll(CliAudit.EVENTS.keySet());
    unclassified.removeAll(NOT_AUDITED);

    assertThat(unclassified)
        .as("a new command must be named in CliAudit.EVENTS, or here if it changes nothing")
        .isEmpty();
    assertThat(leaves).containsAll(CliAudit.EVENTS.keySet());
  }

  private static void collect(CommandLine command, String path, Set<String> leaves) {
    if (command.getSubcommands().isEmpty()) {
      leaves.add(path);
      return;
    }
    command
        .getSubcommands()
        .forEach((name, sub) -> collect(sub, path.isEmpty() ? name : path + " " + name, leaves));
  }

  @Test
  void reading_and_failing_commands_record_nothing() {
    assertThat(CliRun.of("variables", "list", "--config", config).exitCode()).isZero();
    assertThat(CliRun.of("dags", "pause", "no_such_dag", "--config", config).exitCode())
        .isNotZero();

    assertThat(eventLog()).isEmpty();
  }
}

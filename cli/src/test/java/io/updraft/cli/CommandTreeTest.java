package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The command tree built for a command line: only what it names, whole when it names nothing. */
class CommandTreeTest {
  @Test
  void a_command_line_that_names_a_subcommand_builds_only_that_one() {
    assertThat(Main.commandLine("dags", "list", "--config", "x.yaml").getSubcommands())
        .containsOnlyKeys("dags");
  }

  @Test
  void help_and_a_mistyped_command_see_every_subcommand() {
    assertThat(Main.commandLine("--help").getSubcommands())
        .containsKeys("standalone", "dags", "tasks", "users", "connections");
    assertThat(CliRun.of("--help").out()).contains("standalone", "variables", "users");
    assertThat(CliRun.of("--help").out()).doesNotContain("startup-training");

    CliRun typo = CliRun.of("dag", "list");
    assertThat(typo.exitCode()).isEqualTo(2);
    assertThat(typo.err()).contains("dags");
  }

  @Test
  void the_version_needs_no_subcommand() {
    assertThat(Main.commandLine("--version").getSubcommands()).isEmpty();
    CliRun version = CliRun.of("--version");
    assertThat(version.exitCode()).isZero();
    assertThat(version.out()).startsWith("updraft ");
  }

  @Test
  void the_startup_training_run_reaches_no_server_and_succeeds() {
    CliRun training = CliRun.of("startup-training");

    assertThat(training.exitCode()).as(training.err()).isZero();
    assertThat(training.out()).containsPattern("Rendered 4 statements, read [1-9][0-9]* DAGs");
    assertThat(training.out()).containsPattern("(reached no database|listing commands against)");
  }

  @Test
  void the_light_startup_training_stops_after_help_and_the_configuration() {
    CliRun training = CliRun.of("startup-training", "--without-database");

    assertThat(training.exitCode()).as(training.err()).isZero();
    assertThat(training.out())
        .isEqualTo("Rendered help and the configuration." + System.lineSeparator());
  }
}

package io.updraft.cli;

import io.updraft.sql.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code updraft db ...}: the metadata database. */
@Command(
    name = "db",
    mixinStandardHelpOptions = true,
    description = "Manage the metadata database.",
    subcommands = {DbCommand.Migrate.class, DbClean.class})
final class DbCommand {
  @Command(
      name = "migrate",
      mixinStandardHelpOptions = true,
      description = "Apply the pending schema migrations.")
  static final class Migrate implements Runnable {
    @Mixin ConfigOption config;

    @Override
    public void run() {
      try (Database database = Database.connectForCommand(config.loadConnected().database())) {
        int applied = database.migrate();
        System.out.println(
            applied == 0 ? "Database is up to date." : "Applied " + applied + " migration(s).");
      }
    }
  }
}

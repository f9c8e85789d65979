package io.updraft.cli;

import io.updraft.core.config.UpdraftConfig;
import io.updraft.sql.Database;
import io.updraft.sql.FernetCipher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code updraft fernet ...}: the keys that encrypt the metastore's secrets. */
@Command(
    name = "fernet",
    mixinStandardHelpOptions = true,
    description = "Generate Fernet keys and re-encrypt the metastore with the newest one.",
    subcommands = {FernetCommand.Generate.class, FernetCommand.Rotate.class})
final class FernetCommand {
  @Command(
      name = "generate",
      mixinStandardHelpOptions = true,
      description = "Print a new key for secrets.fernet_key (UPDRAFT_SECRETS__FERNET_KEY).")
  static final class Generate implements Runnable {
    @Override
    public void run() {
      System.out.println(FernetCipher.generateKey());
    }
  }

  @Command(
      name = "rotate",
      mixinStandardHelpOptions = true,
      description =
          "Re-encrypt every connection and variable with the first key of secrets.fernet_key, in"
              + " one transaction. Put the new key first, keep the old ones after it, run this,"
              + " then drop the old keys.")
  static final class Rotate implements Runnable {
    @Mixin ConfigOption config;

    @Override
    public void run() {
      UpdraftConfig loaded = config.loadConnected();
      try (Database database = Database.connectForCommand(loaded.database())) {
        int rows = SecretsAccess.metastore(database, loaded.secrets()).rotate();
        System.out.println("Re-encrypted " + rows + " rows with the first key");
      } catch (IllegalStateException e) {
        throw new UserError(e.getMessage());
      }
    }
  }
}

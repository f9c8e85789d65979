package io.updraft.cli;

import io.updraft.core.config.ConfigReference;
import io.updraft.core.config.UpdraftConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code updraft config ...}: the configuration keys and their effective values. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "Show the configuration.",
    subcommands = {ConfigCommand.Reference.class, ConfigCommand.Show.class})
final class ConfigCommand {
  @Command(
      name = "reference",
      mixinStandardHelpOptions = true,
      description = "Print every key with its environment variable and default (Markdown).")
  static final class Reference implements Runnable {
    @Override
    public void run() {
      System.out.print(ConfigReference.markdown());
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Print the effective configuration (file + environment); secrets hidden.")
  static final class Show implements Runnable {
    @Mixin ConfigOption config;

    @Override
    public void run() {
      UpdraftConfig loaded = config.load();
      // The records' own toString hides passwords; print each section on its line.
      System.out.println(loaded.database());
      System.out.println(loaded.redis());
      System.out.println(loaded.api());
      System.out.println(loaded.worker());
      System.out.println(loaded.scheduler());
    }
  }
}

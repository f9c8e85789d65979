package io.updraft.cli;

import io.updraft.core.config.ConfigReference;
import io.updraft.core.config.ConfigYaml;
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
      description =
          "Print the effective configuration (file + environment) as YAML that --config"
              + " accepts; secrets are shown as ***.")
  static final class Show implements Runnable {
    @Mixin ConfigOption config;

    @Override
    public void run() {
      System.out.print(ConfigYaml.of(config.load()));
    }
  }
}

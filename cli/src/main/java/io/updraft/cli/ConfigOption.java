package io.updraft.cli;

import io.updraft.core.config.ConfigLoader;
import io.updraft.core.config.UpdraftConfig;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The {@code --config} option every command shares, and how a command finds its configuration: the
 * file ({@code --config} or {@code UPDRAFT_CONFIG}) plus environment overrides, and, for whatever
 * is still unset, the standalone running on this machine.
 */
final class ConfigOption {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "YAML configuration file (default: $UPDRAFT_CONFIG)")
  Path config;

  UpdraftConfig load() {
    Path file = config;
    if (file == null && System.getenv("UPDRAFT_CONFIG") != null) {
      file = Path.of(System.getenv("UPDRAFT_CONFIG"));
    }
    try {
      return ConfigLoader.load(file, System.getenv());
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
  }

  /** The configuration, with the database and Redis of a running standalone filled in. */
  UpdraftConfig loadConnected() {
    UpdraftConfig loaded = load();
    Optional<StandaloneInfo> standalone = StandaloneInfo.read();
    if (!loaded.database().isConfigured() && standalone.isEmpty()) {
      throw new UserError(
          "No database configured and no standalone running on this machine. Start"
              + " one with './updraft standalone', or set database.url in the config"
              + " file (or UPDRAFT_DATABASE__URL).");
    }
    return standalone.map(info -> info.fillIn(loaded)).orElse(loaded);
  }
}

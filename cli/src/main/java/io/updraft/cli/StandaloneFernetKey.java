package io.updraft.cli;

import io.updraft.core.config.UpdraftConfig;
import io.updraft.sql.FernetCipher;
import java.nio.file.Path;

/**
 * The Fernet key of a standalone's embedded database, made at its first start and kept in {@code
 * fernet.key} (mode 0600) under the Updraft home, so connections and variables can be stored
 * without any set-up. A configured secrets.fernet_key always wins: the file is only the default of
 * the database the standalone made.
 */
final class StandaloneFernetKey {
  private StandaloneFernetKey() {}

  static Path file(Path home) {
    return home.resolve("fernet.key");
  }

  /** The config with the home's key filled in, made if needed, when no key is configured. */
  static UpdraftConfig orCreate(UpdraftConfig config, Path home) {
    if (!config.secrets().fernetKeys().isEmpty()) {
      return config;
    }
    String key =
        OwnerOnlyFiles.readSecret(file(home))
            .map(String::strip)
            .orElseGet(
                () -> {
                  String made = FernetCipher.generateKey();
                  OwnerOnlyFiles.writeSecret(file(home), made + "\n");
                  return made;
                });
    return config.withSecrets(config.secrets().withFernetKey(key));
  }

  /** The config with the home's key filled in, if the file exists and no key is configured. */
  static UpdraftConfig ifPresent(UpdraftConfig config, Path home) {
    if (!config.secrets().fernetKeys().isEmpty()) {
      return config;
    }
    return OwnerOnlyFiles.readSecret(file(home))
        .map(key -> config.withSecrets(config.secrets().withFernetKey(key.strip())))
        .orElse(config);
  }
}

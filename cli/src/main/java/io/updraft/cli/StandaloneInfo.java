package io.updraft.cli;

import io.updraft.core.config.UpdraftConfig;
import io.updraft.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a running {@code standalone} tells the other commands on this machine: where its database,
 * Redis and web server are. It lives in a file under the Updraft home and names its process, so a
 * file left behind by a killed standalone is ignored. It holds no password of the embedded servers:
 * a command reads those from {@link StandaloneCredentials}, in the same home.
 *
 * @param embeddedDatabase the database is the embedded one (its password is in the credentials)
 * @param embeddedRedis Redis is the embedded one (its password is in the credentials)
 */
record StandaloneInfo(
    String databaseUrl,
    String databaseUser,
    String redisUrl,
    String apiUrl,
    long pid,
    boolean embeddedDatabase,
    boolean embeddedRedis) {

  static Path file() {
    return UpdraftHome.path().resolve("standalone.json");
  }

  void write() {
    OwnerOnlyFiles.writeSecret(file(), Json.write(this));
  }

  /**
   * {@code config} with this standalone's database (and its Fernet key, unless one is configured)
   * and Redis wherever the config names none.
   */
  UpdraftConfig fillIn(UpdraftConfig config) {
    Path home = UpdraftHome.path();
    UpdraftConfig result = config;
    if (!result.database().isConfigured()) {
      if (embeddedDatabase) {
        result = credentials(home).withDatabase(result, databaseUrl);
        result = StandaloneFernetKey.ifPresent(result, home);
      } else {
        result = result.withDatabase(result.database().withUrl(databaseUrl, databaseUser));
      }
    }
    if (!result.redis().isConfigured()) {
      result =
          embeddedRedis
              ? credentials(home).withRedis(result, redisUrl)
              : result.withRedis(result.redis().withUrl(redisUrl));
    }
    return result;
  }

  private static StandaloneCredentials credentials(Path home) {
    return StandaloneCredentials.read(home)
        .orElseThrow(
            () ->
                new UserError(
                    "The standalone's passwords are missing: "
                        + StandaloneCredentials.file(home)
                        + " does not exist or cannot be read. Run this command as the user who"
                        + " started 'updraft standalone', with the same UPDRAFT_HOME or HOME."));
  }

  void deleteIfMine() {
    if (read().map(info -> info.pid() == pid).orElse(false)) {
      try {
        Files.deleteIfExists(file());
      } catch (IOException e) {
        // Harmless: the next reader sees the process is gone.
      }
    }
  }

  /** The running standalone's details, if one is running. */
  static Optional<StandaloneInfo> read() {
    Path file = file();
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      StandaloneInfo info = Json.read(Files.readString(file), StandaloneInfo.class);
      return ProcessHandle.of(info.pid()).filter(ProcessHandle::isAlive).map(p -> info);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}

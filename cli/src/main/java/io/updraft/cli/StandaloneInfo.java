package io.updraft.cli;

import io.updraft.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a running {@code standalone} tells the other commands on this machine: where its database,
 * Redis and web server are. It lives in a file under the Updraft home and names its process, so a
 * file left behind by a killed standalone is ignored.
 */
record StandaloneInfo(
    String databaseUrl, String databaseUser, String redisUrl, String apiUrl, long pid) {

  static Path file() {
    return UpdraftHome.path().resolve("standalone.json");
  }

  void write() {
    try {
      Files.createDirectories(file().getParent());
      Path tmp = file().resolveSibling("standalone.json.tmp");
      Files.writeString(tmp, Json.write(this));
      Files.move(tmp, file(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file(), e);
    }
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

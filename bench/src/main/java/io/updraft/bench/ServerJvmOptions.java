package io.updraft.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The JVM options of Updraft's long-running processes, read from the file the {@code updraft}
 * launcher passes to java, so that the benchmark measures what users run.
 */
final class ServerJvmOptions {
  /** Where the launcher keeps them, from the repository's root (where scripts/bench runs). */
  static final Path FILE = Path.of("cli", "src", "main", "jvm", "server.options");

  /** The launcher's setting for its long-running processes: fewer glibc malloc arenas. */
  static final String MALLOC_ARENA_MAX = "2";

  private ServerJvmOptions() {}

  /** {@code UPDRAFT_SERVER_JAVA_OPTS} when set, as in the launcher; else the file's options. */
  static List<String> fromEnvironment(Map<String, String> env) {
    String override = env.get("UPDRAFT_SERVER_JAVA_OPTS");
    if (override != null && !override.isBlank()) {
      return List.of(override.trim().split("\\s+"));
    }
    return read(FILE);
  }

  /** The options in an argument file: one per line, {@code #} lines and blank lines left out. */
  static List<String> read(Path file) {
    try {
      return Files.readAllLines(file).stream()
          .map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot read the server JVM options "
              + file.toAbsolutePath()
              + "; run the benchmark from the repository's root (scripts/bench does)",
          e);
    }
  }
}

package io.updraft.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where Updraft keeps its local files: {@code UPDRAFT_HOME}, else {@code .updraft} in {@code
 * $HOME}. Java's user.home is the account's home from the password database, which ignores a {@code
 * HOME} set for one shell or service; the environment is what a user means.
 */
final class UpdraftHome {
  private UpdraftHome() {}

  static Path path() {
    return path(System.getenv(), System.getProperty("user.home"));
  }

  static Path path(Map<String, String> env, String accountHome) {
    String configured = env.get("UPDRAFT_HOME");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    String home = env.get("HOME");
    return Path.of(home != null && !home.isBlank() ? home : accountHome, ".updraft");
  }
}

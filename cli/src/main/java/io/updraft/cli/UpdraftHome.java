package io.updraft.cli;

import java.nio.file.Path;

/** Where Updraft keeps its local files: {@code UPDRAFT_HOME}, else {@code ~/.updraft}. */
final class UpdraftHome {
  private UpdraftHome() {}

  static Path path() {
    String configured = System.getenv("UPDRAFT_HOME");
    return configured != null && !configured.isBlank()
        ? Path.of(configured)
        : Path.of(System.getProperty("user.home"), ".updraft");
  }
}

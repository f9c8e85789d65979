package io.updraft.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JVM options the {@code updraft} launcher and the image give the long-running processes
 * (scheduler, worker, API): the argument file {@value #RESOURCE} of the CLI's jar, read here so
 * that the memory rows measure what an operator runs.
 */
final class ServerJvmOptions {
  static final String RESOURCE = "io/updraft/cli/server.jvm-options";

  /** What the launcher exports for them, unless the environment already says. */
  static final Map<String, String> ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2");

  private ServerJvmOptions() {}

  /** {@code override}'s options when it has any, else the launcher's. */
  static List<String> orOverride(String override) {
    return override == null || override.isBlank()
        ? load()
        : List.of(override.strip().split("\\s+"));
  }

  static List<String> load() {
    try (InputStream in = ServerJvmOptions.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            RESOURCE + " is not on the class path; build the cli module (scripts/bench does)");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + RESOURCE, e);
    }
  }

  /** An argument file's options as {@code java @file} reads them: '#' starts a comment. */
  static List<String> parse(String text) {
    List<String> options = new ArrayList<>();
    for (String line : text.split("\n")) {
      int comment = line.indexOf('#');
      String kept = (comment < 0 ? line : line.substring(0, comment)).strip();
      if (!kept.isEmpty()) {
        options.addAll(List.of(kept.split("\\s+")));
      }
    }
    return List.copyOf(options);
  }
}

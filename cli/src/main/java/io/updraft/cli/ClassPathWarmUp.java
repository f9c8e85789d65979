package io.updraft.cli;

import java.io.IOException;
import java.net.URL;
import java.util.Enumeration;
import java.util.Set;

/**
 * Opens every jar of the class path on a second thread while the command line is parsed. The first
 * look-up of a resource that is not in the first jar, such as the logging library's search for its
 * plugins or the PostgreSQL driver's for {@code driverconfig.properties} on connecting, opens each
 * of the 250 jars and reads its table of contents: 80 ms on this project's machine, which a command
 * that reaches the database otherwise waits for. Classes come from the start-up cache without
 * opening a jar, so until then no jar is open. Later look-ups take under a millisecond either way.
 */
final class ClassPathWarmUp {
  private ClassPathWarmUp() {}

  /** Commands that reach no database, or are long-running and gain nothing from it. */
  private static final Set<String> WITHOUT = Set.of("config", "init", "startup-training");

  /** Starts the warm-up unless {@code command} reaches no database or asks only for help. */
  static void startFor(String command, String... args) {
    if (command == null || WITHOUT.contains(command)) {
      return;
    }
    for (String arg : args) {
      if (arg.equals("-h") || arg.equals("--help") || arg.equals("-V") || arg.equals("--version")) {
        return;
      }
    }
    Thread.ofPlatform().name("class-path-warm-up").daemon().start(ClassPathWarmUp::openJars);
  }

  private static void openJars() {
    try {
      // A name no jar holds, so the search asks every one of them.
      Enumeration<URL> found =
          ClassPathWarmUp.class.getClassLoader().getResources("META-INF/updraft-warm-up");
      while (found.hasMoreElements()) {
        found.nextElement();
      }
    } catch (IOException e) {
      // A jar that cannot be read is opened, and fails, where it is needed, as without this.
    }
  }
}

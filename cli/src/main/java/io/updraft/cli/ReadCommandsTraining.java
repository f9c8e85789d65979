package io.updraft.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The part of the start-up training that reaches a database: the listing commands, run for real
 * with their output dropped, so the cache holds what connecting, the password exchange, reading
 * rows and printing them load and link, and how often each method ran.
 */
final class ReadCommandsTraining {
  private ReadCommandsTraining() {}

  private static final List<String[]> COMMANDS =
      List.of(
          new String[] {"dags", "list"},
          new String[] {"variables", "list"},
          new String[] {"connections", "list"},
          new String[] {"runs", "list", "example_hello"});

  /** Runs each listing command, with {@code config} when not null; returns how many ended well. */
  static int run(Path config) {
    PrintStream out = System.out;
    int done = 0;
    System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    try {
      for (String[] command : COMMANDS) {
        String[] args = command;
        if (config != null) {
          args = Arrays.copyOf(command, command.length + 2);
          args[command.length] = "--config";
          args[command.length + 1] = config.toString();
        }
        if (Main.run(args) == 0) {
          done++;
        }
      }
    } finally {
      System.setOut(out);
    }
    return done;
  }
}

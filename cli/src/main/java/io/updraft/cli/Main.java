package io.updraft.cli;

import io.updraft.core.input.InvalidInputException;
import io.updraft.core.secrets.FernetKeyException;
import picocli.CommandLine;

/** The entry point of the {@code updraft} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code (used by tests, which must not exit). */
  public static int run(String... args) {
    return new CommandLine(new UpdraftCommand())
        .setExecutionExceptionHandler(Main::handleError)
        .execute(args);
  }

  private static int handleError(
      Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    if (e instanceof UserError
        || e instanceof InvalidInputException
        || e instanceof FernetKeyException) {
      commandLine.getErr().println("Error: " + e.getMessage());
      return 2;
    }
    commandLine.getErr().println("Error: " + e);
    Throwable cause = e.getCause();
    while (cause != null) {
      commandLine.getErr().println("  caused by: " + cause);
      cause = cause.getCause();
    }
    return 1;
  }
}

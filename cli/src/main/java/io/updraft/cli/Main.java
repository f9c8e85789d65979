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
    if (args.length == 1 && asksVersion(args)) {
      // The most common short command answers before picocli reads any annotation.
      System.out.println(new VersionProvider().getVersion()[0]);
      return 0;
    }
    return commandLine(args).setExecutionExceptionHandler(Main::handleError).execute(args);
  }

  /**
   * The command tree for these arguments: only the subcommand they name when they name one, every
   * subcommand otherwise (help, a mistyped command that picocli suggests a correction for).
   */
  static CommandLine commandLine(String... args) {
    CommandLine root = new CommandLine(new UpdraftCommand());
    String named = firstWord(args);
    Class<?> only = named == null ? null : UpdraftCommand.SUBCOMMANDS.get(named);
    if (only != null) {
      root.addSubcommand(named, only);
    } else if (named == null && asksVersion(args)) {
      return root; // the version needs no subcommand
    } else {
      UpdraftCommand.SUBCOMMANDS.forEach(root::addSubcommand);
    }
    return root;
  }

  private static boolean asksVersion(String... args) {
    for (String arg : args) {
      if (arg.equals("-V") || arg.equals("--version")) {
        return true;
      }
    }
    return false;
  }

  /** The first argument that is not an option of the root command, if any. */
  private static String firstWord(String... args) {
    for (String arg : args) {
      if (!arg.startsWith("-")) {
        return arg;
      }
    }
    return null;
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

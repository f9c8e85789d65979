package io.updraft.cli;

import io.updraft.core.input.InvalidInputException;
import io.updraft.core.secrets.FernetKeyException;
import io.updraft.core.secrets.InvalidSecretIdException;
import java.util.Set;
import picocli.CommandLine;

/** The entry point of the {@code updraft} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    String command = firstWord(args);
    ClassPathWarmUp.startFor(command, args);
    int code = run(args);
    if (command != null && LONG_RUNNING.contains(command)) {
      System.exit(code);
    }
    // A command that has closed everything it opened ends at once. System.exit would first ask the
    // platform logging for a logger, a service lookup that opens each of the 200 jars on the class
    // path: 0.1 s on every command. No command registers a shutdown hook.
    System.out.flush();
    System.err.flush();
    Runtime.getRuntime().halt(code);
  }

  /** Commands that keep running or leave work to shutdown hooks: they end through System.exit. */
  private static final Set<String> LONG_RUNNING =
      Set.of("standalone", "scheduler", "worker", "api", "bench-latency", "startup-training");

  /** Runs a command line and returns its exit code (used by tests, which must not exit). */
  public static int run(String... args) {
    if (args.length == 1 && asksVersion(args)) {
      // The most common short command answers before picocli reads any annotation.
      System.out.println(version());
      return 0;
    }
    CommandLine commandLine = commandLine(args).setExecutionExceptionHandler(Main::handleError);
    int code = commandLine.execute(args);
    if (code == 0 && commandLine.getParseResult() != null) {
      CliAudit.record(commandLine.getParseResult());
    }
    return code;
  }

  /**
   * The command tree for these arguments: only the subcommand they name when they name one, every
   * subcommand otherwise (help, a mistyped command that picocli suggests a correction for).
   */
  static CommandLine commandLine(String... args) {
    // picocli looks for Groovy's Closure class unless told not to; the miss searches every jar of
    // the class path (0.1 s on each command), and no command is written in Groovy.
    System.setProperty("picocli.disable.closures", "true");
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

  /** {@code updraft VERSION} from the jar's manifest, {@code dev} when run from classes. */
  static String version() {
    String version = Main.class.getPackage().getImplementationVersion();
    return "updraft " + (version == null ? "dev" : version);
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
        || e instanceof InvalidSecretIdException
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

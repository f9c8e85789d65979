package io.updraft.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * {@code updraft}: a workflow orchestrator for the JVM. Its subcommands are listed here rather than
 * in the annotation so that {@link Main} can build only the one a command line names: picocli
 * inspects every command class it is given, and on a cold JVM that cost most of a command's time.
 */
@Command(
    name = "updraft",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "A workflow orchestrator for the JVM.")
final class UpdraftCommand {
  /** Every subcommand by name, in the order {@code --help} lists them. */
  static final Map<String, Class<?>> SUBCOMMANDS = new LinkedHashMap<>();

  static {
    SUBCOMMANDS.put("standalone", StandaloneCommand.class);
    SUBCOMMANDS.put("scheduler", SchedulerCommand.class);
    SUBCOMMANDS.put("worker", WorkerCommand.class);
    SUBCOMMANDS.put("api", ApiCommand.class);
    SUBCOMMANDS.put("db", DbCommand.class);
    SUBCOMMANDS.put("dags", DagsCommand.class);
    SUBCOMMANDS.put("runs", RunsCommand.class);
    SUBCOMMANDS.put("workers", WorkersCommand.class);
    SUBCOMMANDS.put("tasks", TasksCommand.class);
    SUBCOMMANDS.put("config", ConfigCommand.class);
    SUBCOMMANDS.put("connections", ConnectionsCommand.class);
    SUBCOMMANDS.put("variables", VariablesCommand.class);
    SUBCOMMANDS.put("fernet", FernetCommand.class);
    SUBCOMMANDS.put("init", InitCommand.class);
    SUBCOMMANDS.put("bench-latency", BenchLatencyCommand.class);
    SUBCOMMANDS.put("users", UsersCommand.class);
    SUBCOMMANDS.put("startup-training", StartupTrainingCommand.class);
  }
}

package io.updraft.cli;

import picocli.CommandLine.Command;

/** {@code updraft}: a workflow orchestrator for the JVM. */
@Command(
    name = "updraft",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "A workflow orchestrator for the JVM.",
    subcommands = {
      StandaloneCommand.class,
      SchedulerCommand.class,
      WorkerCommand.class,
      ApiCommand.class,
      DbCommand.class,
      DagsCommand.class,
      RunsCommand.class,
      WorkersCommand.class,
      TasksCommand.class,
      ConfigCommand.class,
      ConnectionsCommand.class,
      VariablesCommand.class,
      FernetCommand.class,
      BenchLatencyCommand.class,
      UsersCommand.class
    })
final class UpdraftCommand {}

package io.updraft.cli;

import io.updraft.core.run.DagRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code updraft runs ...}: DAG runs. */
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    description = "Inspect DAG runs.",
    subcommands = RunsCommand.ListRuns.class)
final class RunsCommand {
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List a DAG's runs.")
  static final class ListRuns implements Runnable {
    @Mixin ConfigOption config;

    @Parameters(index = "0", paramLabel = "DAG_ID")
    String dagId;

    @Option(names = "--limit", description = "How many runs, newest first (default: 25).")
    int limit = 25;

    @Override
    public void run() {
      try (Backends b = Backends.open(config.loadConnected(), false)) {
        DagsCommand.findDag(b, dagId);
        Table table =
            new Table("run_id", "state", "run_type", "logical_date", "start_date", "end_date");
        for (DagRun run : b.runs.listRuns(dagId, limit)) {
          table.row(
              run.runId(),
              run.state().wireName(),
              run.runType().wireName(),
              String.valueOf(run.logicalDate()),
              run.startDate() == null ? "" : run.startDate().toString(),
              run.endDate() == null ? "" : run.endDate().toString());
        }
        table.print(System.out);
      }
    }
  }
}

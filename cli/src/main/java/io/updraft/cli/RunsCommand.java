package io.updraft.cli;

import io.updraft.core.run.DagRun;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.sql.PostgresRunAdmin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code updraft runs ...}: DAG runs. */
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    description = "Inspect DAG runs and mark them success or failed.",
    subcommands = {RunsCommand.ListRuns.class, RunsCommand.Mark.class})
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
      try (Backends b = Backends.forCommand(config.loadConnected())) {
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

  @Command(
      name = "mark",
      mixinStandardHelpOptions = true,
      description =
          "Mark a run success (its unfinished tasks succeed) or failed (running tasks fail, the"
              + " other unfinished ones are skipped).")
  static final class Mark implements Runnable {
    @Mixin ConfigOption config;

    @Parameters(index = "0", paramLabel = "DAG_ID")
    String dagId;

    @Parameters(index = "1", paramLabel = "RUN_ID")
    String runId;

    @Option(
        names = "--state",
        required = true,
        paramLabel = "STATE",
        description = "success or failed.")
    String state;

    @Override
    public void run() {
      TaskState to = TasksCommand.Target.markState(state);
      try (Backends b = Backends.forCommand(config.loadConnected())) {
        TasksCommand.Target target = TasksCommand.Target.find(b, dagId, runId);
        long unfinished =
            target.instances().stream().filter(ti -> !ti.state().isTerminal()).count();
        new PostgresRunAdmin(b.database)
            .markRun(
                target.run().id(),
                to == TaskState.SUCCESS ? RunState.SUCCESS : RunState.FAILED,
                b.clock.instant());
        System.out.println(
            "Marked run "
                + runId
                + " of "
                + dagId
                + " "
                + to.wireName()
                + " ("
                + unfinished
                + " unfinished task(s) changed)");
      }
    }
  }
}

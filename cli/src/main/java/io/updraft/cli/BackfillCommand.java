package io.updraft.cli;

import io.updraft.core.dag.DagParams;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.input.UntrustedJson;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.LogicalDates;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.RunType;
import io.updraft.core.run.StoredDag;
import io.updraft.core.schedule.DataInterval;
import io.updraft.core.schedule.Timetable;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code updraft dags backfill DAG_ID --from DATE --to DATE}: creates the runs of every interval
 * whose logical date lies in the range. A logical date that already has a run is left alone, so it
 * is safe to run twice; the scheduler starts the runs within the DAG's max_active_runs, oldest
 * first.
 */
@Command(
    name = "backfill",
    mixinStandardHelpOptions = true,
    description =
        "Create the runs of a date range (logical dates FROM to TO, inclusive); safe to repeat.")
final class BackfillCommand implements Callable<Integer> {
  private static final int MAX_RUNS = 10_000;

  @Mixin ConfigOption config;

  @Parameters(index = "0", paramLabel = "DAG_ID", description = "The DAG.")
  String dagId;

  @Option(names = "--from", required = true, paramLabel = "DATE", description = "First date.")
  String from;

  @Option(names = "--to", required = true, paramLabel = "DATE", description = "Last date.")
  String to;

  @Option(names = "--conf", paramLabel = "JSON", description = "Conf of every run, a JSON object.")
  String conf;

  @Override
  public Integer call() {
    Map<String, Object> given = UntrustedJson.parseObject(conf, "--conf");
    try (Backends b = Backends.forCommand(config.loadConnected())) {
      StoredDag stored = DagsCommand.requireActive(DagsCommand.findDag(b, dagId));
      DagStructure dag = stored.structure();
      ZoneId zone = ZoneId.of(dag.timezone());
      Instant start =
          LogicalDates.check(CliDates.parse(from, zone, "--from"), "--from '" + from + "'");
      Instant end = LogicalDates.check(CliDates.parse(to, zone, "--to"), "--to '" + to + "'");
      if (end.isBefore(start)) {
        throw new UserError("--to " + to + " is before --from " + from);
      }
      Map<String, Object> runConf = DagParams.resolve(dagId, dag.params(), given);
      List<DataInterval> intervals = Timetable.of(dag).between(start, end, MAX_RUNS);
      if (intervals.isEmpty()) {
        throw new UserError(
            "DAG '"
                + dagId
                + "' (schedule '"
                + dag.schedule()
                + "') has no logical dates between "
                + from
                + " and "
                + to);
      }
      int created = 0;
      for (DataInterval i : intervals) {
        Optional<DagRun> run =
            b.runs.createRun(
                new NewDagRun(
                    dagId,
                    NewDagRun.runIdFor(RunType.BACKFILL, i.start()),
                    RunType.BACKFILL,
                    i.start(),
                    i.start(),
                    i.end(),
                    runConf),
                dag);
        if (run.isPresent()) {
          created++;
          if (b.events() != null) {
            b.events().publish(run.get().id());
          }
        }
      }
      System.out.println(
          "Backfill of "
              + dagId
              + ": "
              + created
              + " run(s) created, "
              + (intervals.size() - created)
              + " already existed ("
              + CliDates.format(intervals.getFirst().start(), zone)
              + " to "
              + CliDates.format(intervals.getLast().start(), zone)
              + "); at most "
              + dag.maxActiveRuns()
              + " run at once.");
      if (stored.paused()) {
        System.out.println("Note: DAG '" + dagId + "' is paused; its runs start when unpaused.");
      }
      return 0;
    }
  }
}

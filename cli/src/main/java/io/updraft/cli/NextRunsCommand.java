package io.updraft.cli;

import io.updraft.core.dag.DagStructure;
import io.updraft.core.json.Json;
import io.updraft.core.run.NextRuns;
import io.updraft.core.schedule.DataInterval;
import io.updraft.core.schedule.Timetable;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code updraft dags next-runs DAG_ID}: the next logical dates of a DAG's schedule. */
@Command(
    name = "next-runs",
    mixinStandardHelpOptions = true,
    description =
        "Print the DAG's next scheduled runs as the scheduler creates them: logical date, data"
            + " interval start and end (a run is created when its interval ends).")
final class NextRunsCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Parameters(index = "0", paramLabel = "DAG_ID", description = "The DAG.")
  String dagId;

  @Option(
      names = "-n",
      paramLabel = "COUNT",
      defaultValue = "5",
      description = "How many (default: ${DEFAULT-VALUE}).")
  int count;

  @Option(
      names = "--after",
      paramLabel = "ISO_DATETIME",
      description = "Instead: the schedule's logical dates at or after this, whatever runs exist.")
  String after;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text (one run per line) or json.")
  String output;

  @Override
  public Integer call() {
    if (!output.equals("text") && !output.equals("json")) {
      throw new UserError("-o must be text or json, got '" + output + "'");
    }
    if (count < 1) {
      throw new UserError("-n must be at least 1, got " + count);
    }
    try (Backends b = Backends.forCommand(config.loadConnected())) {
      DagStructure dag = DagsCommand.findDag(b, dagId).structure();
      ZoneId zone = ZoneId.of(dag.timezone());
      Instant from = after == null ? b.clock.instant() : CliDates.parse(after, zone, "--after");
      // Without --after, the runs the scheduler creates next, as the API and the UI show them.
      List<DataInterval> next =
          after == null
              ? NextRuns.of(dag, b.runs.lastScheduledInterval(dagId), from, count)
              : Timetable.of(dag).upcoming(from, count);
      if (output.equals("json")) {
        System.out.println(
            Json.write(
                next.stream()
                    .map(
                        i -> {
                          Map<String, String> row = new LinkedHashMap<>();
                          row.put("logical_date", CliDates.format(i.start(), zone));
                          row.put("data_interval_start", CliDates.format(i.start(), zone));
                          row.put("data_interval_end", CliDates.format(i.end(), zone));
                          return row;
                        })
                    .toList()));
        return 0;
      }
      if (next.isEmpty()) {
        System.err.println(
            "DAG '"
                + dagId
                + "' has no scheduled runs after "
                + from
                + " (schedule '"
                + dag.schedule()
                + "').");
      }
      for (DataInterval i : next) {
        System.out.println(
            CliDates.format(i.start(), zone)
                + "  "
                + CliDates.format(i.start(), zone)
                + "  "
                + CliDates.format(i.end(), zone));
      }
      return 0;
    }
  }
}

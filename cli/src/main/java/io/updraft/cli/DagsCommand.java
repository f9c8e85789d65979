package io.updraft.cli;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagBag;
import io.updraft.core.input.UntrustedJson;
import io.updraft.core.plan.RunTrigger;
import io.updraft.core.run.CreatedRun;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.LogicalDates;
import io.updraft.core.run.ManualTrigger;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.RunIds;
import io.updraft.core.run.StoredDag;
import io.updraft.core.state.RunState;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code updraft dags ...}: list and trigger DAGs. */
@Command(
    name = "dags",
    mixinStandardHelpOptions = true,
    description = "List, trigger, pause and backfill DAGs.",
    subcommands = {
      DagsCommand.ListDags.class,
      DagsCommand.Trigger.class,
      NextRunsCommand.class,
      BackfillCommand.class,
      PauseCommand.Pause.class,
      PauseCommand.Unpause.class,
      DagsValidate.class,
      DagsTest.class,
      DagsImportErrors.class
    })
final class DagsCommand {
  /**
   * Lists the DAGs of the metastore, as the scheduler registered them (Airflow's {@code dags list}
   * reads the metastore too). Only a metastore that holds no DAG yet, because no scheduler has run,
   * gets the class path's DAGs first, so the first command on a new database shows them.
   */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description =
          "List the DAGs of the metastore (the class path's are registered first if it has none).")
  static final class ListDags implements Runnable {
    @Mixin ConfigOption config;

    @Override
    public void run() {
      try (Backends b = Backends.forCommand(config.loadConnected())) {
        List<StoredDag> dags = b.dags.list();
        if (dags.isEmpty()) {
          registerLocalDags(b);
          dags = b.dags.list();
        }
        Table table = new Table("dag_id", "schedule", "paused", "active", "tasks", "description");
        for (StoredDag dag : dags) {
          table.row(
              dag.dagId(),
              dag.structure().schedule(),
              Boolean.toString(dag.paused()),
              Boolean.toString(dag.active()),
              Integer.toString(dag.structure().tasks().size()),
              dag.structure().description());
        }
        table.print(System.out);
        DagsImportErrors.printSection(b.importErrors, System.out);
      }
    }
  }

  @Command(
      name = "trigger",
      mixinStandardHelpOptions = true,
      description = "Create a manual run of a DAG.",
      exitCodeListHeading = "Exit codes:%n",
      exitCodeList = {
        "0:triggered (with --wait: the run succeeded)",
        "1:with --wait: the run failed or timed out",
        "2:bad input, such as an unknown DAG or invalid --conf"
      })
  static final class Trigger implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Parameters(index = "0", paramLabel = "DAG_ID", description = "The DAG to run.")
    String dagId;

    @Option(
        names = "--conf",
        paramLabel = "JSON",
        description = "The run's configuration, a JSON object, e.g. '{\"table\": \"sales\"}'.")
    String conf;

    @Option(
        names = "--run-id",
        paramLabel = "ID",
        description =
            "The run's id, 1 to 250 of A-Z a-z 0-9 _ . ~ : + - (default:"
                + " manual__<logical date>).")
    String runId;

    @Option(
        names = "--logical-date",
        paramLabel = "DATE",
        description =
            "The run's logical date: 2026-01-31, 2026-01-31T06:00 (in the DAG's time zone) or"
                + " 2026-01-31T06:00:00Z (default: now).")
    String logicalDate;

    @Option(names = "--wait", description = "Wait for the run to finish; exit 0 only on success.")
    boolean waitForRun;

    @Option(
        names = "--timeout",
        paramLabel = "SECONDS",
        description = "With --wait, give up after this many seconds (default: wait forever).")
    Long timeoutSeconds;

    @Override
    public Integer call() {
      Map<String, Object> parsedConf = UntrustedJson.parseObject(conf, "--conf");
      if (runId != null) {
        RunIds.check(runId, "--run-id");
      }
      try (Backends b = Backends.forCommand(config.loadConnected())) {
        StoredDag dag = requireActive(findDag(b, dagId));
        Instant date =
            logicalDate == null
                ? null
                : LogicalDates.check(
                    CliDates.parse(
                        logicalDate, ZoneId.of(dag.structure().timezone()), "--logical-date"),
                    "--logical-date '" + logicalDate + "'");
        NewDagRun request =
            ManualTrigger.request(dag.structure(), runId, date, parsedConf, b.clock.instant());
        // Started in the creating commit when the DAG has room and Redis is configured, its
        // root tasks pushed from here; else the run event has the scheduler start it.
        DagRun run =
            new RunTrigger(b.runs, b.queue(), b.clock)
                .trigger(request, dag.structure())
                .map(CreatedRun::run)
                .orElseThrow(
                    () ->
                        new UserError(
                            "DAG '"
                                + dagId
                                + "' already has a run with id '"
                                + request.runId()
                                + "' or logical date "
                                + request.logicalDate()
                                + "; choose another --run-id and --logical-date, or leave both"
                                + " out."));
        // A run started here needs no scheduler until its tasks report back.
        if (b.events() != null && run.state() == RunState.QUEUED) {
          b.events().publish(run.id());
        }
        System.out.println("Triggered " + dagId + " run " + run.runId());
        if (dag.paused()) {
          System.out.println(
              "Note: DAG '"
                  + dagId
                  + "' is paused; its run starts when it is unpaused: updraft dags unpause "
                  + dagId);
        }
        if (!waitForRun) {
          return 0;
        }
        Duration timeout = timeoutSeconds == null ? null : Duration.ofSeconds(timeoutSeconds);
        return new RunWaiter(b.runs, b.health, b.clock, System.out).await(run, timeout);
      }
    }
  }

  /** The stored DAG, registering the DAGs on this command's classpath if the scheduler has not. */
  static StoredDag findDag(Backends b, String dagId) {
    Optional<StoredDag> stored = b.dags.find(dagId);
    if (stored.isEmpty()) {
      DagBag local = registerLocalDags(b);
      local
          .errorFor(dagId)
          .ifPresent(
              error -> {
                throw new UserError("DAG '" + dagId + "' could not be loaded: " + error.message());
              });
      stored = b.dags.find(dagId);
    }
    return stored.orElseThrow(
        () ->
            new UserError(
                "Unknown DAG '"
                    + dagId
                    + "'. Known DAGs: "
                    + b.dags.list().stream().map(StoredDag::dagId).collect(Collectors.joining(", "))
                    + ". See 'updraft dags list'."));
  }

  /** The DAG, unless its jar left the DAGs folder: no worker could run a new run of it. */
  static StoredDag requireActive(StoredDag dag) {
    if (!dag.active()) {
      throw new UserError(
          "DAG '"
              + dag.dagId()
              + "' is inactive: its jar is no longer in the DAGs folder (dags.folder), so no"
              + " worker could run it. Copy the jar back into the folder to run it again; its past"
              + " runs are kept.");
    }
    return dag;
  }

  private static DagBag registerLocalDags(Backends b) {
    DagBag bag = Processes.loadDags();
    bag.errors().forEach(error -> System.err.println("Warning: DAG not loaded: " + error));
    for (Dag dag : bag.dags()) {
      b.dags.save(
          dag.structure(),
          null,
          b.clock.instant(),
          dag.pausedOnCreation().orElse(b.config.dags().pausedOnCreation()));
    }
    return bag;
  }
}

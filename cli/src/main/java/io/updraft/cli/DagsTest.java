package io.updraft.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code updraft dags test DAG_ID [LOGICAL_DATE]}: one whole run of a DAG in this process, without
 * a scheduler, worker or queue, its task logs on the terminal, as Airflow's {@code dags test}.
 */
@Command(
    name = "test",
    mixinStandardHelpOptions = true,
    description = {
      "Run a DAG once in this process, without scheduler, worker or queue: tasks in dependency"
          + " order with their trigger rules, branches and retries; logs on the terminal.",
      "A failed try is retried at once: retry delays are not waited. XCom is kept in memory."
    },
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "0:every task succeeded or was skipped",
      "1:a task failed",
      "2:bad input, such as an unknown DAG or invalid --conf"
    })
final class DagsTest implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Parameters(index = "0", paramLabel = "DAG_ID", description = "The DAG to run.")
  String dagId;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "LOGICAL_DATE",
      description =
          "The run's logical date: 2026-01-31, 2026-01-31T06:00 (in the DAG's time zone) or"
              + " 2026-01-31T06:00:00Z (default: now).")
  String logicalDate;

  @Option(
      names = "--conf",
      paramLabel = "JSON",
      description = "The run's configuration, a JSON object, checked against the DAG's params.")
  String conf;

  @Override
  public Integer call() {
    return TestRunCommand.run(config, dagId, null, logicalDate, conf);
  }
}

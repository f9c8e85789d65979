package io.updraft.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code updraft tasks test DAG_ID TASK_ID [LOGICAL_DATE]}: one task alone, in this process, its
 * upstream tasks not run (their XCom pulls find nothing), as Airflow's {@code tasks test}.
 */
@Command(
    name = "test",
    mixinStandardHelpOptions = true,
    description = {
      "Run one task of a DAG in this process, without scheduler, worker or queue; its upstream"
          + " tasks do not run, so their XCom is absent (None in templates)."
    },
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "0:the task succeeded or was skipped",
      "1:the task failed",
      "2:bad input, such as an unknown DAG or task, or invalid --conf"
    })
final class TasksTest implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Parameters(index = "0", paramLabel = "DAG_ID", description = "The task's DAG.")
  String dagId;

  @Parameters(index = "1", paramLabel = "TASK_ID", description = "The task to run.")
  String taskId;

  @Parameters(
      index = "2",
      arity = "0..1",
      paramLabel = "LOGICAL_DATE",
      description = "The run's logical date, as for dags test (default: now).")
  String logicalDate;

  @Option(
      names = "--conf",
      paramLabel = "JSON",
      description = "The run's configuration, a JSON object, checked against the DAG's params.")
  String conf;

  @Override
  public Integer call() {
    return TestRunCommand.run(config, dagId, taskId, logicalDate, conf);
  }
}

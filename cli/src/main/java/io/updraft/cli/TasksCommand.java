package io.updraft.cli;

import io.updraft.core.dag.DownstreamTasks;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.TaskState;
import io.updraft.sql.PostgresRunAdmin;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code updraft tasks ...}: clear and mark task instances. */
@Command(
    name = "tasks",
    mixinStandardHelpOptions = true,
    description = "Clear task instances to run them again, mark them, or read their logs.",
    subcommands = {
      TasksCommand.Clear.class,
      TasksCommand.Mark.class,
      TasksLogs.class,
      TasksTest.class
    })
final class TasksCommand {
  @Command(
      name = "clear",
      mixinStandardHelpOptions = true,
      description = "Clear tasks of a run so that they run again (a new try).")
  static final class Clear implements Runnable {
    @Mixin ConfigOption config;

    @Parameters(index = "0", paramLabel = "DAG_ID")
    String dagId;

    @Parameters(index = "1", paramLabel = "RUN_ID")
    String runId;

    @Option(
        names = {"-t", "--task"},
        required = true,
        paramLabel = "TASK_ID",
        description = "A task to clear; repeat for more.")
    List<String> taskIds;

    @Option(names = "--downstream", description = "Also clear every task downstream of them.")
    boolean downstream;

    @Override
    public void run() {
      try (Backends b = Backends.forCommand(config.loadConnected())) {
        Target target = Target.find(b, dagId, runId);
        target.requireTasks(Set.copyOf(taskIds));
        Set<String> chosen = new LinkedHashSet<>(taskIds);
        List<String> cleared =
            new PostgresRunAdmin(b.database)
                .clear(
                    target.run().id(),
                    downstream ? DownstreamTasks.including(target.dag(), chosen) : chosen,
                    b.clock.instant());
        target.tellScheduler(b, !cleared.isEmpty());
        System.out.println(
            "Cleared "
                + cleared.size()
                + " task(s) of "
                + dagId
                + " run "
                + runId
                + ": "
                + String.join(", ", cleared));
      }
    }
  }

  @Command(
      name = "mark",
      mixinStandardHelpOptions = true,
      description = "Mark a task of a run success or failed.")
  static final class Mark implements Runnable {
    @Mixin ConfigOption config;

    @Parameters(index = "0", paramLabel = "DAG_ID")
    String dagId;

    @Parameters(index = "1", paramLabel = "RUN_ID")
    String runId;

    @Parameters(index = "2", paramLabel = "TASK_ID")
    String taskId;

    @Option(
        names = "--state",
        required = true,
        paramLabel = "STATE",
        description = "success or failed.")
    String state;

    @Override
    public void run() {
      TaskState to = Target.markState(state);
      try (Backends b = Backends.forCommand(config.loadConnected())) {
        Target target = Target.find(b, dagId, runId);
        target.requireTasks(Set.of(taskId));
        TaskInstance ti =
            target.instances().stream()
                .filter(i -> i.taskId().equals(taskId))
                .findFirst()
                .orElseThrow();
        if (ti.state() == to) {
          System.out.println(
              "Already " + dagId + "." + taskId + " of run " + runId + " " + to.wireName());
          return;
        }
        if (!new PostgresRunAdmin(b.database).markTask(ti.id(), to, b.clock.instant())) {
          throw new UserError(
              "Cannot mark "
                  + dagId
                  + "."
                  + taskId
                  + " of run "
                  + runId
                  + " "
                  + to.wireName()
                  + " while it is "
                  + ti.state().wireName()
                  + " (it changed meanwhile, or that change is not allowed).");
        }
        target.tellScheduler(b, true);
        System.out.println(
            "Marked " + dagId + "." + taskId + " of run " + runId + " " + to.wireName());
      }
    }
  }

  /** The run a command acts on, with its DAG and task instances. */
  record Target(DagRun run, io.updraft.core.dag.DagStructure dag, List<TaskInstance> instances) {

    static Target find(Backends b, String dagId, String runId) {
      var dag = DagsCommand.findDag(b, dagId).structure();
      DagRun run =
          b.runs
              .findRun(dagId, runId)
              .orElseThrow(
                  () ->
                      new UserError(
                          "DAG '"
                              + dagId
                              + "' has no run '"
                              + runId
                              + "'. See 'updraft runs list "
                              + dagId
                              + "'."));
      return new Target(run, dag, b.runs.taskInstances(run.id()));
    }

    void requireTasks(Set<String> taskIds) {
      Set<String> known = instances.stream().map(TaskInstance::taskId).collect(Collectors.toSet());
      List<String> unknown = taskIds.stream().filter(t -> !known.contains(t)).sorted().toList();
      if (!unknown.isEmpty()) {
        throw new UserError(
            "Run '"
                + run.runId()
                + "' of DAG '"
                + run.dagId()
                + "' has no task "
                + unknown
                + ". Its tasks: "
                + instances.stream().map(TaskInstance::taskId).toList());
      }
    }

    /** Wakes the scheduler when the run changed, so that it plans the run at once. */
    void tellScheduler(Backends b, boolean changed) {
      if (changed && b.events() != null) {
        b.events().publish(run.id());
      }
    }

    static TaskState markState(String text) {
      return switch (text) {
        case "success" -> TaskState.SUCCESS;
        case "failed" -> TaskState.FAILED;
        default -> throw new UserError("--state must be success or failed, got '" + text + "'");
      };
    }
  }
}

package io.updraft.cli;

import io.updraft.core.run.DagRun;
import io.updraft.core.run.LogChunk;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.TaskState;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code updraft tasks logs}: the log of one try of a task, followed live with {@code -f}. */
@Command(
    name = "logs",
    mixinStandardHelpOptions = true,
    description = "Print the log of one try of a task (the latest try by default).")
final class TasksLogs implements Runnable {
  private static final long FOLLOW_POLL_NANOS = 500_000_000L;

  @Mixin ConfigOption config;

  @Parameters(index = "0", paramLabel = "DAG_ID")
  String dagId;

  @Parameters(index = "1", paramLabel = "RUN_ID")
  String runId;

  @Parameters(index = "2", paramLabel = "TASK_ID")
  String taskId;

  @Option(names = "--try", paramLabel = "N", description = "Which try (default: the latest).")
  Integer tryNumber;

  @Option(
      names = {"-f", "--follow"},
      description = "Keep printing as the try logs, until it ends.")
  boolean follow;

  @Override
  public void run() {
    try (Backends b = Backends.open(config.loadConnected(), false)) {
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
                              + "'; see 'updraft runs list "
                              + dagId
                              + "'"));
      TaskInstance ti = find(b, run);
      int which = tryNumber != null ? tryNumber : ti.tryNumber();
      if (which < 1 || which > ti.tryNumber()) {
        throw new UserError(
            "Task '"
                + taskId
                + "' of run '"
                + runId
                + "' has tries 1 to "
                + ti.tryNumber()
                + ", not "
                + which);
      }
      long last = print(b, ti.id(), which, 0, System.out);
      while (follow && stillWriting(find(b, run), which)) {
        LockSupport.parkNanos(FOLLOW_POLL_NANOS);
        last = print(b, ti.id(), which, last, System.out);
      }
      if (follow) {
        print(b, ti.id(), which, last, System.out);
      }
    }
  }

  private TaskInstance find(Backends b, DagRun run) {
    List<TaskInstance> instances = b.runs.taskInstances(run.id());
    return instances.stream()
        .filter(t -> t.taskId().equals(taskId))
        .findFirst()
        .orElseThrow(
            () ->
                new UserError(
                    "Run '"
                        + runId
                        + "' of DAG '"
                        + dagId
                        + "' has no task '"
                        + taskId
                        + "'; its tasks: "
                        + instances.stream().map(TaskInstance::taskId).toList()));
  }

  /** Whether the try may still write: it is the current try and has not ended. */
  private static boolean stillWriting(TaskInstance ti, int which) {
    return ti.tryNumber() == which
        && (ti.state() == TaskState.RUNNING
            || ti.state() == TaskState.QUEUED
            || ti.state() == TaskState.SCHEDULED
            || ti.state() == TaskState.NONE);
  }

  private static long print(Backends b, long tiId, int which, long after, PrintStream out) {
    long last = after;
    for (LogChunk chunk : b.logs.chunksAfter(tiId, which, after)) {
      out.println(chunk.text());
      last = chunk.id();
    }
    out.flush();
    return last;
  }
}

package io.updraft.cli;

import io.updraft.core.run.DagRun;
import io.updraft.core.run.InstancesOfTask;
import io.updraft.core.run.LogChunk;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.TaskState;
import java.io.PrintStream;
import java.util.ArrayDeque;
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
  // Chunks read per query: a long log streams to stdout a page at a time, never whole in memory.
  private static final int CHUNKS_PER_PAGE = 100;

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
      names = "--map-index",
      paramLabel = "N",
      description = "Which instance of a mapped task (default: its first).")
  Integer mapIndex;

  @Option(
      names = {"-f", "--follow"},
      description = "Keep printing as the try logs, until it ends.")
  boolean follow;

  @Option(
      names = "--tail",
      paramLabel = "N",
      description = "Print only the last N lines (then follow with -f).")
  Integer tail;

  @Override
  public void run() {
    try (Backends b = Backends.forCommand(config.loadConnected())) {
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
      if (tail != null && tail < 0) {
        throw new UserError("--tail takes a number of lines from 0, got " + tail);
      }
      long last = tail == null ? 0 : printTail(b, ti.id(), which, tail, System.out);
      last = print(b, ti.id(), which, last, System.out);
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
    InstancesOfTask found = InstancesOfTask.in(instances, taskId);
    if (mapIndex != null && !found.isEmpty()) {
      return found
          .pick(mapIndex)
          .orElseThrow(() -> new UserError(found.noInstance(runId, mapIndex)));
    }
    return found
        .pick(null)
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

  /** Prints the chunks after {@code after}, a page at a time; returns the last chunk printed. */
  private static long print(Backends b, long tiId, int which, long after, PrintStream out) {
    long last = after;
    List<LogChunk> page;
    do {
      page = b.logReader().chunksAfter(tiId, which, last, CHUNKS_PER_PAGE);
      for (LogChunk chunk : page) {
        out.println(chunk.text());
        last = chunk.id();
      }
      out.flush();
    } while (page.size() == CHUNKS_PER_PAGE);
    return last;
  }

  /**
   * Prints the last {@code n} lines and returns the chunk they end at, for a follow to go on from.
   * Pages through the chunks keeping only the last {@code n} lines, so memory stays at {@code n}.
   */
  private static long printTail(Backends b, long tiId, int which, int n, PrintStream out) {
    ArrayDeque<String> lastLines = new ArrayDeque<>();
    long last = 0;
    List<LogChunk> page;
    do {
      page = b.logReader().chunksAfter(tiId, which, last, CHUNKS_PER_PAGE);
      for (LogChunk chunk : page) {
        // As the store reads a chunk back: one line per \n, trailing empty lines kept.
        for (String line : chunk.text().split("\n", -1)) {
          lastLines.addLast(line);
          if (lastLines.size() > n) {
            lastLines.removeFirst();
          }
        }
        last = chunk.id();
      }
    } while (page.size() == CHUNKS_PER_PAGE);
    lastLines.forEach(out::println);
    out.flush();
    return last;
  }
}

package io.updraft.bench;

import io.updraft.core.dag.Dag;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * One scheduler and one worker process, 10,000 independent no-op tasks in one run, timed from the
 * run's creation to its end, with the peak resident memory of each process. One unmeasured run of
 * the same DAG goes first: in production both processes run for days, and a fresh JVM spends the
 * first seconds compiling the very paths measured. A run that has not ended within the time limit
 * counts the tasks that succeeded by then, so a slow build still gives a figure (and says so)
 * instead of holding the comparison up.
 */
final class ThroughputRun {
  /** No-op tasks finish in microseconds: many slots make large claim and record batches. */
  static final int WORKER_SLOTS = 512;

  static final String JVM_OPTIONS_VARIABLE = "UPDRAFT_BENCH_JVM_OPTIONS";

  /**
   * JVM options of each process; the JobRunr peer runs with the same. {@code
   * UPDRAFT_BENCH_JVM_OPTIONS} replaces them, to try others (a collector, heap sizing).
   */
  static final List<String> JVM_OPTIONS = jvmOptions(System.getenv(JVM_OPTIONS_VARIABLE));

  static List<String> jvmOptions(String override) {
    return override == null || override.isBlank()
        ? List.of("-Xmx256m", "-XX:+UseSerialGC")
        : List.of(override.strip().split("\\s+"));
  }

  private ThroughputRun() {}

  /**
   * What one run measured: {@code done} of {@code tasks} succeeded within {@code nanos}; then the
   * runs of the 10-task DAG through the same processes.
   */
  record Result(
      int tasks, int done, long nanos, long schedulerMb, long workerMb, TenTaskRuns.Result ten) {
    double tasksPerSecond() {
      return done * 1e9 / nanos;
    }

    boolean ended() {
      return done == tasks;
    }
  }

  static Result run(BenchSettings settings, BenchBackends b, Duration limit) throws Exception {
    return run(settings, b, limit, true);
  }

  /** With {@code dagRuns} false, only the 10,000 tasks: the DAG runs' result is null. */
  static Result run(BenchSettings settings, BenchBackends b, Duration limit, boolean dagRuns)
      throws Exception {
    List<Process> children = new ArrayList<>();
    // Interrupted (Ctrl-C), the processes would otherwise outlive the benchmark.
    Thread reaper = new Thread(() -> children.forEach(Process::destroyForcibly));
    Runtime.getRuntime().addShutdownHook(reaper);
    try {
      Process scheduler = start(settings, "scheduler");
      children.add(scheduler);
      Process worker = start(settings, "worker", Integer.toString(WORKER_SLOTS));
      children.add(worker);
      awaitReady(b, children);
      Dag dag = BenchDags.WIDE;
      DagRun warmup =
          b.runs
              .createRun(NewDagRun.manual(dag.id(), b.clock.instant(), Map.of()), dag.structure())
              .orElseThrow();
      b.events.publish(warmup.id());
      awaitEnd(b, warmup, System.nanoTime() + limit.toNanos());
      Rss rss = Rss.watch(scheduler.pid(), worker.pid());
      long start = System.nanoTime();
      DagRun run =
          b.runs
              .createRun(NewDagRun.manual(dag.id(), b.clock.instant(), Map.of()), dag.structure())
              .orElseThrow();
      b.events.publish(run.id());
      boolean ended = awaitEnd(b, run, start + limit.toNanos());
      long nanos = System.nanoTime() - start;
      Rss.Peak peak = rss.stop();
      int done =
          ended
              ? BenchDags.WIDE_TASKS
              : (int)
                  b.runs.taskInstances(run.id()).stream()
                      .filter(ti -> ti.state() == TaskState.SUCCESS)
                      .count();
      TenTaskRuns.Result ten = null;
      if (dagRuns) {
        // The same processes, now with DAG runs: a tenth of them first, unmeasured, for the JIT.
        TenTaskRuns.measure(b, BenchDags.TEN_WARMUP_RUNS, limit);
        ten = TenTaskRuns.measure(b, BenchDags.TEN_RUNS, limit);
      }
      return new Result(BenchDags.WIDE_TASKS, done, nanos, peak.firstMb(), peak.secondMb(), ten);
    } finally {
      children.forEach(Process::destroy);
      for (Process p : children) {
        p.waitFor();
      }
      Runtime.getRuntime().removeShutdownHook(reaper);
    }
  }

  /** Whether the run ended (successfully) before the deadline. */
  static boolean awaitEnd(BenchBackends b, DagRun run, long deadlineNanos) {
    while (System.nanoTime() < deadlineNanos) {
      RunState state = b.runs.findRun(run.id()).orElseThrow().state();
      if (state.isTerminal()) {
        if (state != RunState.SUCCESS) {
          throw new IllegalStateException("Run " + run.runId() + " ended " + state);
        }
        return true;
      }
      LockSupport.parkNanos(10_000_000);
    }
    return false;
  }

  static void awaitReady(BenchBackends b, List<Process> children) {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (b.workers.list().isEmpty() || b.dags.find(BenchDags.WIDE.id()).isEmpty()) {
      for (Process p : children) {
        if (!p.isAlive()) {
          throw new IllegalStateException(
              "A benchmark process exited with code " + p.exitValue() + "; see " + logs());
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Scheduler or worker not ready after 60 s; see " + logs());
      }
      LockSupport.parkNanos(100_000_000);
    }
  }

  static Process start(BenchSettings settings, String... args) throws IOException {
    return start(settings, JVM_OPTIONS, Map.of(), args);
  }

  /** A process with {@code jvmOptions}, and {@code env} where the environment does not say. */
  static Process start(
      BenchSettings settings, List<String> jvmOptions, Map<String, String> env, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(BenchMain.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(settings.asEnv());
    env.forEach(builder.environment()::putIfAbsent);
    Files.createDirectories(logs());
    builder.redirectOutput(new File(logs().toFile(), args[0] + ".log"));
    return builder.start();
  }

  static Path logs() {
    return Path.of(System.getProperty("java.io.tmpdir"), "updraft-bench");
  }
}

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
import java.util.Locale;
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
   * JVM options of Updraft's processes: what the launcher gives its long-running ones ({@link
   * ServerJvmOptions}), so the CPU figures are what a user's scheduler and worker spend. Under the
   * options the JVM chooses by itself (C2 on), most of a fresh worker's CPU in a 10,000-task run
   * was the optimising compiler's warm-up, which no shipped process pays. {@code
   * UPDRAFT_BENCH_JVM_OPTIONS} replaces them, to try others (a collector, heap sizing, C2).
   */
  static final List<String> JVM_OPTIONS =
      ServerJvmOptions.orOverride(System.getenv(JVM_OPTIONS_VARIABLE));

  /**
   * JVM options of the JobRunr peer, a library that ships none: the JVM's own choices with the heap
   * capped. {@code UPDRAFT_BENCH_JVM_OPTIONS} replaces them too.
   */
  static final List<String> PEER_JVM_OPTIONS = peerJvmOptions(System.getenv(JVM_OPTIONS_VARIABLE));

  static List<String> peerJvmOptions(String override) {
    return override == null || override.isBlank()
        ? List.of("-Xmx256m", "-XX:+UseSerialGC")
        : List.of(override.strip().split("\\s+"));
  }

  private ThroughputRun() {}

  /**
   * What one run measured: {@code done} of {@code tasks} succeeded within {@code nanos}, the CPU
   * each side spent on them; then the runs of the 10-task DAG through the same processes (null when
   * only the throughput was asked for).
   */
  record Result(
      int tasks,
      int done,
      long nanos,
      long schedulerMb,
      long workerMb,
      CpuUse.PerThousand cpu,
      TenTaskRuns.Result ten) {
    double tasksPerSecond() {
      return done * 1e9 / nanos;
    }

    boolean ended() {
      return done == tasks;
    }
  }

  /** The comparison's measurement: one run of the wide DAG, then the 10-task DAG's runs. */
  static Result run(BenchSettings settings, BenchBackends b, Duration limit) throws Exception {
    return withProcesses(
        settings,
        b,
        limit,
        (scheduler, worker) -> {
          Result wide = measure(b, scheduler, worker, limit);
          // The same processes, now with DAG runs: a tenth of them first, unmeasured, for the JIT.
          TenTaskRuns.measure(b, BenchDags.TEN_WARMUP_RUNS, limit);
          TenTaskRuns.Result ten = TenTaskRuns.measure(b, BenchDags.TEN_RUNS, limit);
          return new Result(
              wide.tasks(),
              wide.done(),
              wide.nanos(),
              wide.schedulerMb(),
              wide.workerMb(),
              wide.cpu(),
              ten);
        });
  }

  /**
   * {@code scripts/bench --throughput}: only the wide DAG, {@code runs} measured runs one after the
   * other through the same two processes (after the unmeasured one).
   */
  static List<Result> runAlone(BenchSettings settings, BenchBackends b, Duration limit, int runs)
      throws Exception {
    return withProcesses(
        settings,
        b,
        limit,
        (scheduler, worker) -> {
          List<Result> results = new ArrayList<>();
          for (int i = 0; i < runs; i++) {
            Result r = measure(b, scheduler, worker, limit);
            results.add(r);
            System.out.println(describe(r));
          }
          return results;
        });
  }

  /** One measured run's figures on one line. */
  static String describe(Result r) {
    return String.format(
        Locale.ROOT,
        "%,d of %,d no-op tasks in %.2f s: %,.0f tasks/s; peak RSS scheduler %d MB, worker %d MB;"
            + " %s; load %s",
        r.done(),
        r.tasks(),
        r.nanos() / 1e9,
        r.tasksPerSecond(),
        r.schedulerMb(),
        r.workerMb(),
        r.cpu().describe(),
        MachineInfo.loadAverage());
  }

  /** What runs with the two processes started, warmed up and ready. */
  private interface WithProcesses<T> {
    T measure(Process scheduler, Process worker) throws Exception;
  }

  private static <T> T withProcesses(
      BenchSettings settings, BenchBackends b, Duration limit, WithProcesses<T> body)
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
      return body.measure(scheduler, worker);
    } finally {
      children.forEach(Process::destroy);
      for (Process p : children) {
        p.waitFor();
      }
      Runtime.getRuntime().removeShutdownHook(reaper);
    }
  }

  /** One run of the wide DAG, from its creation to its end, with memory and CPU. */
  private static Result measure(BenchBackends b, Process scheduler, Process worker, Duration limit)
      throws InterruptedException {
    Dag dag = BenchDags.WIDE;
    Rss rss = Rss.watch(scheduler.pid(), worker.pid());
    CpuUse cpuBefore = CpuUse.snapshot(b, scheduler.pid(), worker.pid());
    long start = System.nanoTime();
    DagRun run =
        b.runs
            .createRun(NewDagRun.manual(dag.id(), b.clock.instant(), Map.of()), dag.structure())
            .orElseThrow();
    b.events.publish(run.id());
    boolean ended = awaitEnd(b, run, start + limit.toNanos());
    long nanos = System.nanoTime() - start;
    CpuUse cpuAfter = CpuUse.snapshot(b, scheduler.pid(), worker.pid());
    Rss.Peak peak = rss.stop();
    int done =
        ended
            ? BenchDags.WIDE_TASKS
            : (int)
                b.runs.taskInstances(run.id()).stream()
                    .filter(ti -> ti.state() == TaskState.SUCCESS)
                    .count();
    return new Result(
        BenchDags.WIDE_TASKS,
        done,
        nanos,
        peak.firstMb(),
        peak.secondMb(),
        cpuAfter.since(cpuBefore, scheduler.pid(), worker.pid(), done),
        null);
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
    return start(settings, JVM_OPTIONS, ServerJvmOptions.ENVIRONMENT, args);
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
    // Named connections: CpuUse tells their backends apart by it.
    builder.environment().putAll(settings.naming("updraft-bench-" + args[0]).asEnv());
    env.forEach(builder.environment()::putIfAbsent);
    Files.createDirectories(logs());
    builder.redirectOutput(new File(logs().toFile(), args[0] + ".log"));
    return builder.start();
  }

  static Path logs() {
    return Path.of(System.getProperty("java.io.tmpdir"), "updraft-bench");
  }
}

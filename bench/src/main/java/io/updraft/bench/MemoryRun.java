package io.updraft.bench;

import io.updraft.core.dag.Dag;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Resident memory as an operator sees it: a scheduler and a worker with {@code updraft worker}'s
 * default slots, first idle (started, DAGs registered, nothing to do), then while one run of 10,000
 * no-op tasks is queued at once and worked off. Both processes get the JVM options and the
 * environment the {@code updraft} launcher gives its long-running processes.
 */
final class MemoryRun {
  /** {@code updraft worker}'s default ({@code worker.slots}). */
  static final int WORKER_SLOTS = 16;

  /**
   * The options {@code updraft scheduler} and {@code updraft worker} get from the launcher, unless
   * {@code UPDRAFT_BENCH_JVM_OPTIONS} names others to try.
   */
  static final List<String> JVM_OPTIONS = ThroughputRun.JVM_OPTIONS;

  /** How long both processes sit idle before their memory is read. */
  private static final Duration SETTLE = Duration.ofSeconds(10);

  private MemoryRun() {}

  /** Resident memory: both processes idle, then each one's peak with the run queued. */
  record Result(
      Rss.Process idleScheduler,
      Rss.Process idleWorker,
      Rss.Process busyScheduler,
      Rss.Process busyWorker) {
    long idleSchedulerMb() {
      return idleScheduler.rssMb();
    }

    long idleWorkerMb() {
      return idleWorker.rssMb();
    }

    long busySchedulerMb() {
      return busyScheduler.rssMb();
    }

    long busyWorkerMb() {
      return busyWorker.rssMb();
    }
  }

  static Result run(BenchSettings settings, BenchBackends b, Duration limit) throws Exception {
    List<Process> children = new ArrayList<>();
    Thread reaper = new Thread(() -> children.forEach(Process::destroyForcibly));
    Runtime.getRuntime().addShutdownHook(reaper);
    try {
      Process scheduler =
          ThroughputRun.start(settings, JVM_OPTIONS, ServerJvmOptions.ENVIRONMENT, "scheduler");
      children.add(scheduler);
      Process worker =
          ThroughputRun.start(
              settings,
              JVM_OPTIONS,
              ServerJvmOptions.ENVIRONMENT,
              "worker",
              Integer.toString(WORKER_SLOTS));
      children.add(worker);
      ThroughputRun.awaitReady(b, children);
      LockSupport.parkNanos(SETTLE.toNanos());
      Rss idle = Rss.watch(scheduler.pid(), worker.pid());
      Rss.Peak idlePeak = idle.stop();
      Rss busy = Rss.watch(scheduler.pid(), worker.pid());
      Dag dag = BenchDags.WIDE;
      DagRun run =
          b.runs
              .createRun(NewDagRun.manual(dag.id(), b.clock.instant(), Map.of()), dag.structure())
              .orElseThrow();
      b.events.publish(run.id());
      ThroughputRun.awaitEnd(b, run, System.nanoTime() + limit.toNanos());
      Rss.Peak busyPeak = busy.stop();
      return new Result(idlePeak.first(), idlePeak.second(), busyPeak.first(), busyPeak.second());
    } finally {
      children.forEach(Process::destroy);
      for (Process p : children) {
        p.waitFor();
      }
      Runtime.getRuntime().removeShutdownHook(reaper);
    }
  }

  /** The rows of the comparison's table; neither peer has a figure for these states. */
  static void addRows(ComparisonTable t, Result r) {
    t.add(row("RSS, idle scheduler (MB)", r.idleSchedulerMb(), 150.0, "≤ 150"));
    t.add(row("RSS, idle worker (MB)", r.idleWorkerMb(), 150.0, "≤ 150"));
    t.add(
        row(
            "RSS, worker (" + WORKER_SLOTS + " slots) with 10,000 tasks queued (MB)",
            r.busyWorkerMb(),
            150.0,
            "≤ 150"));
    t.add(row("RSS, scheduler with 10,000 tasks queued (MB)", r.busySchedulerMb(), null, "—"));
  }

  private static ComparisonTable.Row row(String label, long mb, Double threshold, String target) {
    return new ComparisonTable.Row(
        label, false, "%.0f", (double) mb, null, null, threshold, target);
  }
}

package io.updraft.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * {@code scripts/bench --memory}: only the resident-memory rows, in about two minutes; with {@code
 * --throughput}, the no-op throughput row first (without the DAG runs), through processes with the
 * same options, so that a change of options shows its cost beside its gain.
 */
final class MemoryReport {
  private MemoryReport() {}

  static void run(BenchSettings settings, List<String> args) throws Exception {
    for (String arg : args) {
      if (!List.of("--memory", "--throughput").contains(arg)) {
        throw new IllegalArgumentException(
            "Unknown option '" + arg + "' after --memory; expected --throughput or nothing");
      }
    }
    String loadBefore = MachineInfo.loadAverage();
    BenchDatabase.createIfMissing(settings);
    ThroughputRun.Result t = null;
    MemoryRun.Result r;
    try (BenchBackends b = new BenchBackends(settings, 4)) {
      b.database.migrate();
      BenchDatabase.createPool(b);
      BenchDatabase.clean(b, settings);
      if (args.contains("--throughput")) {
        t = ThroughputRun.runAlone(settings, b, Duration.ofSeconds(60), 1).get(0);
        BenchDatabase.clean(b, settings);
      }
      r = MemoryRun.run(settings, b, Duration.ofSeconds(120));
      BenchDatabase.clean(b, settings);
    }
    if (t != null) {
      System.out.println(
          String.format(
              Locale.ROOT,
              "throughput: %,.0f tasks/s (%,d of %,d tasks%s); peak RSS"
                  + " scheduler %d MB, worker (%d slots) %d MB; JVM %s",
              t.tasksPerSecond(),
              t.done(),
              t.tasks(),
              t.ended() ? "" : ", not ended in 60 s",
              t.schedulerMb(),
              ThroughputRun.WORKER_SLOTS,
              t.workerMb(),
              String.join(" ", ThroughputRun.JVM_OPTIONS)));
    }
    System.out.println(
        String.format(
            Locale.ROOT,
            "idle: scheduler %s, worker %s%n10,000 tasks queued: scheduler %s, worker (%d slots)"
                + " %s%nJVM %s%nload %s before, %s after",
            r.idleScheduler(),
            r.idleWorker(),
            r.busyScheduler(),
            MemoryRun.WORKER_SLOTS,
            r.busyWorker(),
            String.join(" ", MemoryRun.JVM_OPTIONS),
            loadBefore,
            MachineInfo.loadAverage()));
  }
}

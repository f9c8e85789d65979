package io.updraft.bench;

import java.time.Duration;
import java.util.Locale;

/** {@code scripts/bench --memory}: only the resident-memory rows, in about a minute. */
final class MemoryReport {
  private MemoryReport() {}

  static void run(BenchSettings settings) throws Exception {
    BenchDatabase.createIfMissing(settings);
    MemoryRun.Result r;
    try (BenchBackends b = new BenchBackends(settings, 4)) {
      b.database.migrate();
      BenchDatabase.createPool(b);
      BenchDatabase.clean(b, settings);
      r = MemoryRun.run(settings, b, Duration.ofSeconds(120));
      BenchDatabase.clean(b, settings);
    }
    System.out.println(
        String.format(
            Locale.ROOT,
            "idle: scheduler %d MB, worker %d MB; 10,000 tasks queued: scheduler %d MB, worker (%d"
                + " slots) %d MB; JVM %s",
            r.idleSchedulerMb(),
            r.idleWorkerMb(),
            r.busySchedulerMb(),
            MemoryRun.WORKER_SLOTS,
            r.busyWorkerMb(),
            String.join(" ", ThroughputRun.JVM_OPTIONS)));
  }
}

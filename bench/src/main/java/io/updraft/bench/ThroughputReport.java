package io.updraft.bench;

import java.time.Duration;
import java.util.List;

/**
 * {@code scripts/bench --throughput [--runs N]}: only the no-op throughput, N measured runs (3 by
 * default) of 10,000 tasks through one scheduler and one worker process, each with the CPU that the
 * processes and their PostgreSQL backends spent per 1,000 tasks. About a minute; for profiling and
 * before/after comparisons of the hot path.
 */
final class ThroughputReport {
  private static final Duration LIMIT = Duration.ofSeconds(120);

  private ThroughputReport() {}

  static void run(BenchSettings settings, List<String> args) throws Exception {
    int runs = runs(args);
    BenchDatabase.createIfMissing(settings);
    String loadBefore = MachineInfo.loadAverage();
    try (BenchBackends b = new BenchBackends(settings, 4)) {
      b.database.migrate();
      BenchDatabase.createPool(b);
      BenchDatabase.clean(b, settings);
      ThroughputRun.runAlone(settings, b, LIMIT, runs);
      BenchDatabase.clean(b, settings);
    }
    System.out.println(
        "1 scheduler + 1 worker process ("
            + ThroughputRun.WORKER_SLOTS
            + " slots), JVM "
            + String.join(" ", ThroughputRun.JVM_OPTIONS)
            + "; load "
            + loadBefore
            + " before, "
            + MachineInfo.loadAverage()
            + " after (1/5/15 min)");
  }

  private static int runs(List<String> args) {
    int at = args.indexOf("--runs");
    if (at < 0) {
      return 3;
    }
    if (at + 1 >= args.size() || !args.get(at + 1).matches("[1-9][0-9]*")) {
      throw new IllegalArgumentException(
          "--runs needs a count of measured runs after it, e.g. --throughput --runs 5");
    }
    return Integer.parseInt(args.get(at + 1));
  }
}

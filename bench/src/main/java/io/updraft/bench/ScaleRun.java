package io.updraft.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code scripts/bench --scale [--quick]}: 2,000 scheduled DAGs in one scheduler, the lag of their
 * runs at one minute boundary (with Quartz as shipped and, in the same run, as it was before the
 * scale work), then a million task instances of history generated in SQL, and the pages and API
 * calls timed under it. Its own database ({@value ScaleDatabase#NAME}), emptied first.
 */
final class ScaleRun {
  static final int DAGS = 2_000;

  private ScaleRun() {}

  /** The sizes: the full run, or {@code --quick}: a tenth of the history and fewer calls. */
  record Options(boolean quick, boolean skipBoundary) {
    static Options parse(List<String> args) {
      for (String arg : args) {
        if (!List.of("--scale", "--quick", "--skip-boundary").contains(arg)) {
          throw new IllegalArgumentException(
              "Unknown option '" + arg + "' with --scale; expected --quick, --skip-boundary");
        }
      }
      return new Options(args.contains("--quick"), args.contains("--skip-boundary"));
    }

    int runsPerDag() {
      return quick ? 10 : 100;
    }

    int calls() {
      return quick ? 50 : 200;
    }

    int warmup() {
      return quick ? 10 : 30;
    }
  }

  /** Quartz before and after; each is one minute-boundary measurement of the same DAGs. */
  static final List<ScaleLagPhase.Config> QUARTZ =
      List.of(
          quartz("Quartz 2 threads, 1 trigger per acquisition", 2, 1),
          quartz("Quartz 16 threads, up to 16 triggers per acquisition", 16, 16));

  private static ScaleLagPhase.Config quartz(String name, int threads, int batch) {
    return new ScaleLagPhase.Config(
        name,
        Map.of(
            "org.quartz.threadPool.threadCount",
            Integer.toString(threads),
            "org.quartz.scheduler.batchTriggerAcquisitionMaxCount",
            Integer.toString(batch),
            // Quartz requires it with batches on a JDBC store, or two nodes may fire one trigger.
            "org.quartz.jobStore.acquireTriggersWithinLock",
            Boolean.toString(batch > 1)));
  }

  static void run(BenchSettings bench, Options options) throws Exception {
    Instant began = Instant.now();
    BenchSettings settings = ScaleDatabase.settings(bench);
    BenchDatabase.createIfMissing(settings);
    String loadBefore = MachineInfo.loadAverage();
    List<String> machine = MachineInfo.describe(settings);
    List<ScaleLagPhase.Result> phases = new ArrayList<>();
    ScaleHistory.Result history;
    List<ScaleHistory.Size> sizes;
    List<String[]> sampleRuns;
    try (BenchBackends b = new BenchBackends(settings, 32)) {
      b.database.migrate();
      if (options.skipBoundary()) {
        ScaleDatabase.clean(b, settings);
        ScaleDags.bag(DAGS, 0, began)
            .dags()
            .forEach(d -> b.dags.save(d.structure(), b.clock.instant()));
      }
      for (ScaleLagPhase.Config config :
          options.skipBoundary() ? List.<ScaleLagPhase.Config>of() : QUARTZ) {
        progress("minute boundary: " + config.name());
        phases.add(ScaleLagPhase.run(b, settings, config, DAGS, Duration.ofSeconds(60)));
        progress("  " + ScaleReport.describe(phases.getLast()));
      }
      progress("history: " + DAGS * options.runsPerDag() * ScaleDags.TASKS + " task instances");
      history =
          ScaleHistory.generate(
              b.database.dataSource(),
              options.runsPerDag(),
              began.truncatedTo(ChronoUnit.MINUTES).minus(3, ChronoUnit.HOURS));
      history.steps().forEach(step -> progress("  " + step));
      sizes = ScaleHistory.sizes(b.database.dataSource());
      sampleRuns = ScaleHistory.sampleRuns(b.database.dataSource(), 200);
    }
    progress("pages and API calls (updraft api)");
    List<ScalePages.Timing> timings = new ArrayList<>();
    try (ScalePages pages = ScalePages.start(settings)) {
      for (ScalePages.Call call : ScalePages.calls(DAGS, options.runsPerDag(), sampleRuns)) {
        ScalePages.Timing t = pages.time(call, options.warmup(), options.calls());
        progress("  " + t);
        timings.add(t);
      }
    }
    List<String> out = ScaleReport.render(phases, history, sizes, timings, options);
    out.add("");
    out.add("Machine:");
    out.add("");
    machine.forEach(line -> out.add("    " + line));
    out.add(
        "    Load:       "
            + loadBefore
            + " (1/5/15 min) before, "
            + MachineInfo.loadAverage()
            + " after; "
            + Duration.between(began, Instant.now()).toSeconds()
            + " s in all");
    System.out.println();
    out.forEach(System.out::println);
  }

  static void progress(String step) {
    System.out.println("[" + Instant.now() + "] " + step);
  }
}

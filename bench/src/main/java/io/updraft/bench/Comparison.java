package io.updraft.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The whole comparison, in sequence on this machine: its floor (a PostgreSQL commit, a Redis round
 * trip), Updraft, Celery, JobRunr; then one table with the ratios and targets, and the machine.
 */
final class Comparison {
  private Comparison() {}

  /** How much to run: the full sizes, or {@code --quick} for a look in about a minute or two. */
  record Options(boolean quick, boolean celery, boolean jobrunr) {
    static Options parse(List<String> args) {
      for (String arg : args) {
        if (!List.of("--quick", "--no-celery", "--no-jobrunr").contains(arg)) {
          throw new IllegalArgumentException(
              "Unknown option '" + arg + "'; expected --quick, --no-celery, --no-jobrunr");
        }
      }
      return new Options(
          args.contains("--quick"), !args.contains("--no-celery"), !args.contains("--no-jobrunr"));
    }

    int floorSamples() {
      return quick ? 500 : 2_000;
    }

    int runCreations() {
      return quick ? 100 : 500;
    }

    int peerTasks() {
      return quick ? 2_000 : BenchDags.WIDE_TASKS;
    }

    int latencyRuns() {
      return quick ? 3 : 10;
    }

    int peerTriggers() {
      return quick ? 10 : 20;
    }

    /** How long Updraft's 10,000 tasks may take before the tasks done so far are counted. */
    Duration throughputLimit() {
      return Duration.ofSeconds(quick ? 60 : 300);
    }
  }

  static final int CHAIN = 200;

  /** Unmeasured chain runs first: the JIT compiles the trigger path, which runs once per run. */
  static final int LATENCY_WARMUP = 100;

  static void run(BenchSettings settings, Options options) throws Exception {
    Instant began = Instant.now();
    BenchDatabase.createIfMissing(settings);
    String loadBefore = MachineInfo.loadAverage();
    List<String> machine = MachineInfo.describe(settings);
    progress("machine floor");
    MachineFloor.Result floor = MachineFloor.measure(settings, options.floorSamples());

    double runsPerSecond;
    ThroughputRun.Result throughput;
    MemoryRun.Result memory;
    try (BenchBackends b = new BenchBackends(settings, 4)) {
      b.database.migrate();
      BenchDatabase.createPool(b);
      BenchDatabase.clean(b, settings);
      progress("Updraft: DAG-run creation");
      runsPerSecond = RunCreation.runsPerSecond(b, 20, options.runCreations());
      BenchDatabase.clean(b, settings);
      progress("Updraft: throughput (scheduler and worker processes)");
      throughput = ThroughputRun.run(settings, b, options.throughputLimit());
      BenchDatabase.clean(b, settings);
      progress("Updraft: memory (idle, then 10,000 tasks queued)");
      memory = MemoryRun.run(settings, b, options.throughputLimit());
      BenchDatabase.clean(b, settings);
    }
    progress("Updraft: chain latency (updraft bench-latency)");
    LatencyRun.Result latency;
    try {
      latency = LatencyRun.run(settings, CHAIN, options.latencyRuns(), LATENCY_WARMUP);
    } catch (IllegalStateException e) {
      // The peers still run: their figures are worth having, and the failure is printed.
      System.out.println(e.getMessage());
      latency = new LatencyRun.Result(Double.NaN, Double.NaN, 0, Double.NaN, 0);
    }

    PeerRun.Outcome celery = PeerRun.Outcome.missing("Celery", "skipped (--no-celery)");
    if (options.celery()) {
      progress("Celery");
      celery = PeerRun.celery(settings, options.peerTasks(), CHAIN, options.peerTriggers());
    }
    PeerRun.Outcome jobrunr = PeerRun.Outcome.missing("JobRunr", "skipped (--no-jobrunr)");
    if (options.jobrunr()) {
      progress("JobRunr");
      jobrunr = PeerRun.jobrunr(settings, options.peerTasks(), CHAIN, options.peerTriggers());
    }

    List<String> out = new ArrayList<>();
    out.addAll(
        table(throughput, latency, runsPerSecond, memory, celery.result(), jobrunr.result())
            .render());
    out.add("");
    out.add("Machine floor, same run:");
    out.add("");
    out.add("| floor | p50 | p99 |");
    out.add("| --- | ---: | ---: |");
    out.add(
        String.format(
            Locale.ROOT,
            "| PostgreSQL single-row INSERT + COMMIT (JDBC, %,d commits) | %.3f ms | %.3f ms |",
            floor.samples(),
            floor.commitP50(),
            floor.commitP99()));
    out.add(
        String.format(
            Locale.ROOT,
            "| Redis PING round trip (Jedis, %,d pings) | %.3f ms | %.3f ms |",
            floor.samples(),
            floor.pingP50(),
            floor.pingP99()));
    out.add("");
    out.add("What ran:");
    out.add(
        String.format(
            Locale.ROOT,
            "- Updraft: %,d no-op tasks in one run (after one unmeasured run of the same DAG), 1"
                + " scheduler + 1 worker process (%d slots), JVM as shipped: %s; then %,d runs of a 10-task DAG"
                + " triggered from 4 threads (after %,d unmeasured); %,d runs of a 100-task DAG"
                + " created from one thread; chain of %d through `updraft bench-latency`"
                + " (scheduler and worker in one JVM), %,d gaps over %d runs after %d unmeasured,"
                + " %d triggers",
            throughput.tasks(),
            ThroughputRun.WORKER_SLOTS,
            String.join(" ", ThroughputRun.JVM_OPTIONS),
            throughput.ten().runs(),
            BenchDags.TEN_WARMUP_RUNS,
            options.runCreations(),
            CHAIN,
            latency.gaps(),
            latency.runs(),
            LATENCY_WARMUP,
            latency.runs()));
    out.add("- Updraft's measured no-op run: " + throughput.cpu().describe());
    out.add(describe(celery, options));
    out.add(describe(jobrunr, options));
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

  private static ComparisonTable table(
      ThroughputRun.Result u,
      LatencyRun.Result l,
      double runsPerSecond,
      MemoryRun.Result memory,
      PeerRun.Result c,
      PeerRun.Result j) {
    ComparisonTable t = new ComparisonTable();
    String noRuns =
        t.note(
            "Neither peer has a run of a DAG: Celery sends a canvas's messages without storing"
                + " it, and a JobRunr job is a single call.");
    String noScheduler =
        t.note(
            "Celery has no scheduler process (the client publishes to Redis directly); JobRunr's"
                + " client, scheduler and workers share one JVM, counted as its worker.");
    String unfinished =
        u.ended()
            ? ""
            : " "
                + t.note(
                    String.format(
                        Locale.ROOT,
                        "Updraft's run of 10,000 tasks had not ended when its time limit ran out:"
                            + " %,d had succeeded after %.0f s; the figure is those tasks over that"
                            + " time.",
                        u.done(),
                        u.nanos() / 1e9));
    t.add(
        new ComparisonTable.Row(
            "no-op throughput, 10,000 tasks (tasks/s)" + unfinished,
            true,
            "%,.0f",
            u.tasksPerSecond(),
            c == null ? null : c.tasksPerSecond(),
            j == null ? null : j.tasksPerSecond(),
            10_000.0,
            "≥ 10,000, ahead of both"));
    String tenUnfinished =
        u.ten().ended()
            ? ""
            : " "
                + t.note(
                    String.format(
                        Locale.ROOT,
                        "Updraft's %,d runs had not all ended when the time limit ran out: the"
                            + " figure counts the tasks of the %,d runs that had.",
                        u.ten().runs(),
                        u.ten().done() / BenchDags.TEN.tasks().size()));
    t.add(
        new ComparisonTable.Row(
            String.format(
                    Locale.ROOT,
                    "DAG runs, %,d runs of a 10-task DAG (tasks/s) %s",
                    u.ten().runs(),
                    noRuns)
                + tenUnfinished,
            true,
            "%,.0f",
            u.ten().tasksPerSecond(),
            null,
            null,
            null,
            "ahead of both"));
    t.add(
        new ComparisonTable.Row(
            "task→task p50, chain of 200 (ms)",
            false,
            "%.2f",
            l.p50(),
            c == null ? null : c.chainP50(),
            j == null ? null : j.chainP50(),
            1.0,
            "≤ 1 ms, ahead of both"));
    t.add(
        new ComparisonTable.Row(
            "task→task p99, chain of 200 (ms)",
            false,
            "%.2f",
            l.p99(),
            c == null ? null : c.chainP99(),
            j == null ? null : j.chainP99(),
            5.0,
            "≤ 5 ms, ahead of both"));
    t.add(
        new ComparisonTable.Row(
            "trigger→first task p50 (ms)",
            false,
            "%.2f",
            l.triggerP50(),
            c == null ? null : c.triggerP50(),
            j == null ? null : j.triggerP50(),
            10.0,
            "≤ 10 ms, ahead of both"));
    t.add(
        new ComparisonTable.Row(
            "DAG-run creation, 100-task DAG (runs/s) " + noRuns,
            true,
            "%,.0f",
            runsPerSecond,
            null,
            null,
            null,
            "ahead of both"));
    t.add(
        new ComparisonTable.Row(
            "RSS, scheduler process (MB) " + noScheduler,
            false,
            "%.0f",
            (double) u.schedulerMb(),
            null,
            null,
            300.0,
            "≤ 300"));
    t.add(
        new ComparisonTable.Row(
            "RSS, worker process(es) (MB)",
            false,
            "%.0f",
            (double) u.workerMb(),
            c == null ? null : c.workerRssMb(),
            j == null ? null : j.workerRssMb(),
            300.0,
            "≤ 300, ahead of both"));
    t.add(
        new ComparisonTable.Row(
            "RSS, all processes (MB)",
            false,
            "%.0f",
            (double) (u.schedulerMb() + u.workerMb()),
            c == null ? null : c.workerRssMb(),
            j == null ? null : j.workerRssMb(),
            null,
            "ahead of both"));
    addCpuRows(t, u.cpu());
    MemoryRun.addRows(t, memory);
    return t;
  }

  /**
   * Where the no-op throughput's CPU goes: on a machine whose cores are busy, CPU per task is what
   * limits it, and it moves less than the wall clock with other work on the machine.
   */
  private static void addCpuRows(ComparisonTable t, CpuUse.PerThousand cpu) {
    String what =
        t.note(
            "CPU time (user + system) during the measured no-op run, per 1,000 tasks: of each"
                + " process, and of the PostgreSQL backends of its connections; server-wide work"
                + " (WAL writer, checkpoints, autovacuum) is not counted.");
    t.add(cpuRow("CPU per 1,000 no-op tasks, scheduler process (ms) " + what, cpu.scheduler()));
    t.add(cpuRow("CPU per 1,000 no-op tasks, worker process (ms)", cpu.worker()));
    t.add(cpuRow("CPU per 1,000 no-op tasks, PostgreSQL backends (ms)", cpu.postgres()));
  }

  private static ComparisonTable.Row cpuRow(String label, double millis) {
    return new ComparisonTable.Row(label, false, "%.0f", millis, null, null, null, "—");
  }

  private static String describe(PeerRun.Outcome peer, Options options) {
    if (peer.result() == null) {
      return "- " + peer.name() + ": not run: " + peer.missing();
    }
    PeerRun.Result r = peer.result();
    return String.format(
        Locale.ROOT,
        "- %s: %,d no-op tasks; chain of %d, %,d gaps; %d triggers; worker memory over %d"
            + " process(es), peak during the throughput run%s",
        r.description(),
        options.peerTasks(),
        CHAIN,
        r.chainGaps(),
        r.triggers(),
        r.workerProcesses(),
        peer.name().equals("JobRunr")
            ? "; JVM " + String.join(" ", ThroughputRun.PEER_JVM_OPTIONS)
            : "");
  }

  private static void progress(String step) {
    System.out.println("[" + Instant.now() + "] " + step + " ...");
  }
}

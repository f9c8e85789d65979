package io.updraft.cli;

import io.updraft.core.config.UpdraftConfig;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagBag;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.Task;
import io.updraft.core.plan.RunPlanner;
import io.updraft.core.plan.RunTrigger;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.scheduler.SchedulerService;
import io.updraft.worker.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code updraft bench-latency}: how long one task waits for the next, measured on a chain of no-op
 * tasks run by one scheduler and one worker with every state change committed to PostgreSQL. The
 * times are taken by the tasks themselves as they start running (the database's start dates are set
 * when a try is claimed, a little before its code runs).
 */
@Command(
    name = "bench-latency",
    mixinStandardHelpOptions = true,
    description = {
      "Measure task-to-task latency on a chain of no-op tasks (1 scheduler, 1 worker).",
      "Uses the configured PostgreSQL and Redis, else embedded ones in a temporary directory."
    })
final class BenchLatencyCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Option(names = "--tasks", defaultValue = "200", description = "Chain length (default: 200).")
  int tasks;

  @Option(names = "--runs", defaultValue = "10", description = "Measured runs (default: 10).")
  int runs;

  // A scheduler and a worker run for days: their trigger path is compiled by the JIT long before
  // most triggers. It runs once per run, so it takes about a hundred runs to get there (after 20,
  // one comparison measured the trigger p50 at 8.6 to 12.5 ms and the hand-over p99 at 4.3 ms;
  // after 100, 7.1 ms and 1.5 ms).
  @Option(
      names = "--warmup",
      defaultValue = "100",
      description = "Unmeasured runs, to warm the JIT up (default: 100).")
  int warmup;

  @Override
  public Integer call() throws Exception {
    Path home = Files.createTempDirectory("updraft-bench");
    try {
      return measure(home);
    } finally {
      deleteTree(home);
    }
  }

  /** The temporary directory of the embedded services, if any were started: gone once measured. */
  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private int measure(Path home) throws Exception {
    UpdraftConfig loaded = config.load();
    EmbeddedServices embedded =
        new EmbeddedServices(
            OwnerOnlyFiles.privateDirectory(home), StandaloneCredentials.loadOrCreate(home));
    loaded = embedded.startMissing(loaded);
    String dagId = "bench_chain_" + tasks + "_" + ProcessHandle.current().pid();
    Dag.Builder builder = Dag.builder(dagId).maxActiveRuns(1);
    String[] ids = new String[tasks];
    Map<String, Long> started = new ConcurrentHashMap<>();
    for (int i = 0; i < tasks; i++) {
      ids[i] = String.format(Locale.ROOT, "t%03d", i);
      builder.task(
          Task.java(
              ids[i],
              ctx -> {
                started.put(ctx.taskId(), System.nanoTime());
                return null;
              }));
    }
    Dag chain = builder.chain(ids).build();
    List<Double> gaps = new ArrayList<>();
    List<Double> firsts = new ArrayList<>();
    List<Double> totals = new ArrayList<>();
    try (Backends b = Backends.open(loaded, true);
        SchedulerService scheduler = Processes.scheduler(b, DagBag.of(chain));
        Worker worker =
            Processes.worker(b, DagBag.of(chain), "bench-worker", List.of("default"), 4);
        embedded) {
      scheduler.start();
      worker.start();
      RunTrigger trigger = new RunTrigger(b.runs, b.queue(), b.clock);
      for (int r = 0; r < warmup + runs; r++) {
        started.clear();
        long triggered = System.nanoTime();
        // As `updraft dags trigger` does: the run starts in its creating commit, its first task
        // pushed from here; only a run left queued needs the scheduler's run event.
        DagRun run =
            trigger
                .trigger(NewDagRun.manual(dagId, b.clock.instant(), Map.of()), chain.structure())
                .orElseThrow()
                .run();
        if (run.state() == RunState.QUEUED) {
          b.events().publish(run.id());
        }
        DagRun done = awaitEnd(b, run);
        if (done.state() != RunState.SUCCESS) {
          throw new UserError("Benchmark run " + run.runId() + " ended " + done.state());
        }
        if (r < warmup) {
          continue;
        }
        for (int i = 1; i < tasks; i++) {
          gaps.add(millis(started.get(ids[i - 1]), started.get(ids[i])));
        }
        firsts.add(millis(triggered, started.get(ids[0])));
        totals.add(millis(started.get(ids[0]), started.get(ids[tasks - 1])));
      }
    }
    System.out.printf(
        Locale.ROOT,
        "chain of %d no-op tasks, %d measured runs, 1 scheduler + 1 worker, durable commits%n",
        tasks,
        runs);
    System.out.printf(
        Locale.ROOT,
        "task start -> next task start: p50 %.2f ms, p99 %.2f ms, max %.2f ms (%d gaps)%n",
        percentile(gaps, 50),
        percentile(gaps, 99),
        percentile(gaps, 100),
        gaps.size());
    System.out.printf(
        Locale.ROOT,
        "trigger -> first task start:   p50 %.2f ms, max %.2f ms%n",
        percentile(firsts, 50),
        percentile(firsts, 100));
    System.out.printf(
        Locale.ROOT, "whole chain:                   p50 %.1f ms%n", percentile(totals, 50));
    System.out.printf(
        Locale.ROOT,
        "planner, one pass over a 10,000-task DAG (100 chains of 100): p50 %.2f ms%n",
        plannerPassMillis());
    return 0;
  }

  /** The pure planner alone, half the tasks done, on a DAG far larger than most. */
  private static double plannerPassMillis() {
    Dag.Builder builder = Dag.builder("bench_planner");
    List<TaskInstance> instances = new ArrayList<>();
    long id = 1;
    for (int c = 0; c < 100; c++) {
      for (int t = 0; t < 100; t++) {
        String taskId = "c" + c + "_t" + t;
        Task task = Task.java(taskId, ctx -> null);
        builder.task(t == 0 ? task : task.after("c" + c + "_t" + (t - 1)));
        instances.add(
            TaskInstance.builder(id++, taskId)
                .dagRunId(1)
                .dagId("bench_planner")
                .runId("r")
                .state(t < 50 ? TaskState.SUCCESS : TaskState.NONE)
                .queue("default")
                .pool("default_pool")
                .build());
      }
    }
    DagStructure structure = builder.build().structure();
    List<Double> passes = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      long start = System.nanoTime();
      RunPlanner.plan(structure, instances, Instant.now());
      passes.add((System.nanoTime() - start) / 1e6);
    }
    return percentile(passes.subList(10, passes.size()), 50);
  }

  private static DagRun awaitEnd(Backends b, DagRun run) {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (System.nanoTime() < deadline) {
      DagRun now = b.runs.findRun(run.id()).orElseThrow();
      if (now.state().isTerminal()) {
        return now;
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
    throw new UserError("Benchmark run " + run.runId() + " did not finish in 5 minutes");
  }

  private static double millis(long fromNanos, long toNanos) {
    return (toNanos - fromNanos) / 1e6;
  }

  private static double percentile(List<Double> values, int p) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }
}

package io.updraft.bench;

import io.updraft.core.config.SchedulerConfig;
import io.updraft.scheduler.SchedulerService;
import io.updraft.worker.Worker;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar updraft-bench.jar [--quick] [--no-celery] [--no-jobrunr]} runs the comparison
 * (see {@link Comparison}); {@code --scale [--quick]} the scale benchmark (see {@link ScaleRun});
 * {@code --throughput [--runs N]} only the no-op throughput (see {@link ThroughputReport}); {@code
 * jmh [JMH options]} runs the micro-benchmarks; {@code scheduler} and {@code worker SLOTS} are the
 * processes the comparison starts.
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    BenchSettings settings = BenchSettings.from(System.getenv());
    String mode = args.length == 0 ? "run" : args[0];
    switch (mode) {
      case "scheduler" -> scheduler(settings);
      case "worker" -> worker(settings, args.length > 1 ? Integer.parseInt(args[1]) : 32);
      case "--memory" -> MemoryReport.run(settings, List.of(args));
      case "--throughput" -> ThroughputReport.run(settings, List.of(args));
      case "jmh" -> org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
      default -> {
        if (List.of(args).contains("--scale")) {
          ScaleRun.run(settings, ScaleRun.Options.parse(List.of(args)));
        } else {
          Comparison.run(settings, Comparison.Options.parse(List.of(args)));
        }
      }
    }
  }

  private static void scheduler(BenchSettings settings) throws Exception {
    BenchBackends b = new BenchBackends(settings, 8);
    // The shipped settings (a sweep a second): the figures are what a user's scheduler spends.
    SchedulerService scheduler =
        BenchProcesses.scheduler(b, BenchDags.bag(), SchedulerConfig.defaults());
    scheduler.start();
    untilKilled(scheduler, b);
  }

  private static void worker(BenchSettings settings, int slots) throws Exception {
    BenchBackends b = new BenchBackends(settings, 16);
    Worker worker = BenchProcesses.worker(b, BenchDags.bag(), "bench-worker", slots);
    worker.start();
    untilKilled(worker, b);
  }

  private static void untilKilled(AutoCloseable... parts) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  for (AutoCloseable part : parts) {
                    try {
                      part.close();
                    } catch (Exception e) {
                      // On the way out.
                    }
                  }
                  stopped.countDown();
                }));
    System.out.println("ready");
    stopped.await();
  }
}

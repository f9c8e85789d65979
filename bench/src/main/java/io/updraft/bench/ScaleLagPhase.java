package io.updraft.bench;

import io.updraft.core.config.SchedulerConfig;
import io.updraft.core.dag.DagBag;
import io.updraft.scheduler.SchedulerService;
import io.updraft.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * One measurement of the minute boundary: an empty database, the real scheduler started with the
 * scale DAGs (its start and their registration timed), a worker, then the runs of the first minute
 * boundary far enough ahead, read back from the database.
 */
final class ScaleLagPhase {
  static final int WORKER_SLOTS = 64;

  private ScaleLagPhase() {}

  /**
   * @param quartz Quartz properties set for this phase only ({@code org.quartz.…}), read by the
   *     scheduler when it builds its Quartz scheduler
   */
  record Config(String name, Map<String, String> quartz) {}

  record Result(
      Config config,
      int dags,
      double startSeconds,
      Instant boundary,
      double secondsBeforeBoundary,
      ScaleLag.Result lag) {}

  static Result run(
      BenchBackends b,
      BenchSettings settings,
      Config config,
      int dagCount,
      Duration registrationBudget)
      throws Exception {
    ScaleDatabase.clean(b, settings);
    Instant now = Instant.now();
    Instant boundary = now.plus(registrationBudget).truncatedTo(ChronoUnit.MINUTES).plusSeconds(60);
    int minute = boundary.atOffset(ZoneOffset.UTC).getMinute();
    DagBag bag =
        ScaleDags.bag(dagCount, minute, now.truncatedTo(ChronoUnit.DAYS).minus(1, ChronoUnit.DAYS));
    config.quartz().forEach(System::setProperty);
    SchedulerService scheduler;
    long start = System.nanoTime();
    try {
      scheduler = BenchProcesses.scheduler(b, bag, SchedulerConfig.defaults());
      scheduler.start();
    } finally {
      config.quartz().keySet().forEach(System::clearProperty);
    }
    double startSeconds = (System.nanoTime() - start) / 1e9;
    double before = Duration.between(Instant.now(), boundary).toMillis() / 1e3;
    try (Worker worker = BenchProcesses.worker(b, bag, "scale-worker", WORKER_SLOTS)) {
      worker.start();
      long wait = Duration.between(Instant.now(), boundary).toMillis();
      if (wait > 0) {
        Thread.sleep(wait);
      }
      ScaleLag.Result lag =
          ScaleLag.await(b.database.dataSource(), boundary, dagCount, Duration.ofSeconds(90));
      return new Result(config, dagCount, startSeconds, boundary, before, lag);
    } finally {
      scheduler.close();
    }
  }
}

package io.updraft.cli;

import io.updraft.core.config.DatabaseConfig;
import io.updraft.core.config.RedisConfig;
import io.updraft.core.config.UpdraftConfig;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagBag;
import io.updraft.core.dag.Task;
import io.updraft.scheduler.SchedulerService;
import java.time.Duration;
import java.time.Instant;

/**
 * A scheduler in a JVM of its own, for the two-scheduler test: it runs until its standard input
 * closes. Arguments: JDBC URL, user, Redis URL, Redis namespace.
 */
public final class SchedulerProcess {
  /** Every second since 20 seconds before the test started, with catch-up: many runs at once. */
  static Dag haDag(Instant startDate) {
    return Dag.builder("ha_every_second")
        .schedule(Duration.ofSeconds(1))
        .startDate(startDate)
        .catchup(true)
        .maxActiveRuns(1000)
        .maxActiveTasks(1000)
        .task(Task.bash("left", "true"))
        .task(Task.bash("right", "true"))
        .build();
  }

  private SchedulerProcess() {}

  public static void main(String[] args) throws Exception {
    UpdraftConfig config =
        UpdraftConfig.defaults()
            .withDatabase(new DatabaseConfig(args[0], args[1], null, 4))
            .withRedis(new RedisConfig(args[2], args[3]));
    Instant startDate = Instant.parse(args[4]);
    try (Backends backends = Backends.open(config, false);
        SchedulerService scheduler = Processes.scheduler(backends, DagBag.of(haDag(startDate)))) {
      scheduler.start();
      System.out.println("scheduler started");
      while (System.in.read() >= 0) {
        // Runs until the parent closes our input or ends us.
      }
    }
  }
}

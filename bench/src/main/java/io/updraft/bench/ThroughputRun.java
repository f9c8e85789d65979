package io.updraft.bench;

import io.updraft.core.dag.Dag;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.state.RunState;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import redis.clients.jedis.Jedis;

/**
 * The benchmark: one scheduler and one worker process, 10,000 independent no-op tasks in one run,
 * then 1,000 runs of a 10-task DAG, timed from the first run's creation to the last run's end.
 */
final class ThroughputRun {
  /** No-op tasks finish in microseconds: many slots make large claim and record batches. */
  private static final int WORKER_SLOTS = 512;

  private ThroughputRun() {}

  static void main(BenchSettings settings, boolean celery) throws Exception {
    createDatabaseIfMissing(settings);
    try (BenchBackends b = new BenchBackends(settings, 4)) {
      b.database.migrate();
      clean(b, settings);
      List<Process> children = new ArrayList<>();
      try {
        Process scheduler = start(settings, "scheduler");
        Process worker = start(settings, "worker", Integer.toString(WORKER_SLOTS));
        children.add(scheduler);
        children.add(worker);
        awaitReady(b);
        System.out.printf(
            "Updraft: 1 scheduler (pid %d) + 1 worker (pid %d, %d slots), PostgreSQL + Redis%n",
            scheduler.pid(), worker.pid(), WORKER_SLOTS);

        Rss rss = Rss.watch(scheduler.pid(), worker.pid());
        long wide = timeRuns(b, BenchDags.WIDE, 1);
        Rss.Peak widePeak = rss.stop();
        report("10,000 independent no-op tasks (1 run)", BenchDags.WIDE_TASKS, wide, widePeak);

        rss = Rss.watch(scheduler.pid(), worker.pid());
        long fan = timeRuns(b, BenchDags.FAN, BenchDags.FAN_RUNS);
        report("1,000 runs of a 10-task DAG", 10_000, fan, rss.stop());

        if (celery) {
          double updraftRate = BenchDags.WIDE_TASKS * 1e9 / wide;
          CeleryComparison.run(updraftRate);
        }
      } finally {
        children.forEach(Process::destroy);
        for (Process p : children) {
          p.waitFor();
        }
      }
    }
  }

  private static void report(String what, int tasks, long nanos, Rss.Peak peak) {
    System.out.printf(
        "%-40s %6.2f s  %7.0f tasks/s   peak RSS: scheduler %d MB, worker %d MB%n",
        what, nanos / 1e9, tasks * 1e9 / nanos, peak.firstMb(), peak.secondMb());
  }

  /** Creates the runs, then waits until every one has ended; returns the elapsed nanoseconds. */
  private static long timeRuns(BenchBackends b, Dag dag, int count) {
    long start = System.nanoTime();
    Instant base = b.clock.instant();
    List<DagRun> runs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      DagRun run =
          b.runs
              .createRun(NewDagRun.manual(dag.id(), base.plusMillis(i), Map.of()), dag.structure())
              .orElseThrow();
      b.events.publish(run.id());
      runs.add(run);
    }
    for (DagRun run : runs) {
      while (true) {
        RunState state = b.runs.findRun(run.id()).orElseThrow().state();
        if (state.isTerminal()) {
          if (state != RunState.SUCCESS) {
            throw new IllegalStateException("Run " + run.runId() + " ended " + state);
          }
          break;
        }
        LockSupport.parkNanos(20_000_000);
      }
    }
    return System.nanoTime() - start;
  }

  private static void awaitReady(BenchBackends b) {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (b.workers.list().isEmpty()
        || b.dags.find(BenchDags.WIDE.id()).isEmpty()
        || b.dags.find(BenchDags.FAN.id()).isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Scheduler or worker not ready after 60 s; see target/");
      }
      LockSupport.parkNanos(100_000_000);
    }
  }

  private static Process start(BenchSettings settings, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-XX:+UseSerialGC");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(BenchMain.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(settings.asEnv());
    Path logs = Path.of(System.getProperty("java.io.tmpdir"), "updraft-bench");
    Files.createDirectories(logs);
    builder.redirectOutput(new File(logs.toFile(), args[0] + ".log"));
    return builder.start();
  }

  private static void clean(BenchBackends b, BenchSettings settings) {
    b.database
        .dsl()
        .execute(
            "truncate dag_run, task_instance, task_instance_history, xcom, task_log, worker cascade");
    b.database
        .dsl()
        .execute(
            "insert into pool (pool, slots, description) values (?, ?, 'Benchmark tasks')"
                + " on conflict (pool) do update set slots = excluded.slots",
            BenchDags.POOL,
            BenchDags.WIDE_TASKS);
    try (Jedis jedis = new Jedis(URI.create(settings.redisUrl()))) {
      for (String key : jedis.keys(settings.namespace() + ":*")) {
        jedis.del(key);
      }
    }
  }

  private static void createDatabaseIfMissing(BenchSettings s) throws SQLException {
    URI uri = URI.create(s.jdbcUrl().substring("jdbc:".length()));
    String name = uri.getPath().substring(1);
    String admin = s.jdbcUrl().replace("/" + name, "/postgres");
    try (Connection c = DriverManager.getConnection(admin, s.user(), null);
        var check = c.prepareStatement("select 1 from pg_database where datname = ?")) {
      check.setString(1, name);
      if (!check.executeQuery().next()) {
        try (var create = c.createStatement()) {
          create.execute("create database \"" + name.replace("\"", "") + "\"");
        }
      }
    }
  }
}

package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.updraft.core.config.DatabaseConfig;
import io.updraft.core.config.RedisConfig;
import io.updraft.core.config.UpdraftConfig;
import io.updraft.core.queue.Delivery;
import io.updraft.core.run.DagRun;
import io.updraft.core.state.TaskState;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import io.updraft.testing.TestDatabase;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two schedulers, each in a JVM of its own, against one PostgreSQL and one Redis, racing over a DAG
 * that has about twenty intervals to catch up on: every run is created once and every task queued
 * once, with one history row and one message each.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class TwoSchedulersTest {
  @TempDir Path dir;
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (Process p : processes) {
      p.destroy();
    }
    for (Process p : processes) {
      p.waitFor();
    }
  }

  @Test
  void two_schedulers_create_each_run_once_and_queue_each_task_once() throws Exception {
    // A database of its own: no process of an earlier test can reach it, nor its Quartz cluster.
    TestDatabase db = PostgresExtension.newDatabase();
    UpdraftConfig config =
        UpdraftConfig.defaults()
            .withDatabase(new DatabaseConfig(db.jdbcUrl(), db.user(), db.password(), 4))
            .withRedis(new RedisConfig(RedisExtension.url(), RedisExtension.namespace()));
    Instant startDate = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(20);
    try (Backends backends = Backends.open(config, true)) {
      // Registered before either starts, so both race on creating runs, not on registering.
      backends.dags.save(SchedulerProcess.haDag(startDate).structure(), Instant.now());
      processes.add(launch(db, startDate, "a"));
      processes.add(launch(db, startDate, "b"));

      await()
          .atMost(Duration.ofSeconds(120))
          .until(() -> started("a") && started("b") && queuedRuns(backends) >= 25);
      // Both nodes checked in to one Quartz cluster (rows of earlier tests' nodes may remain).
      assertThat(schedulerNodes(db)).isGreaterThanOrEqualTo(2);
      // A clean stop: each scheduler finishes its duty in hand (commit, then push) and exits.
      for (Process p : processes) {
        p.getOutputStream().close();
      }
      for (Process p : processes) {
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      }

      List<DagRun> runs = backends.runs.listRuns("ha_every_second", 1000);
      assertThat(runs).extracting(DagRun::logicalDate).doesNotHaveDuplicates();
      assertThat(runs.getLast().logicalDate()).isEqualTo(startDate);
      Map<Long, Integer> queuedHistory = queuedHistoryRows(db);
      assertThat(queuedHistory).isNotEmpty().allSatisfy((ti, count) -> assertThat(count).isOne());
      Map<Long, Integer> messages = new HashMap<>();
      List<Delivery> batch;
      do {
        batch = backends.queue().reserve("check", List.of("default"), 500, Duration.ofMillis(200));
        batch.forEach(d -> messages.merge(d.message().taskInstanceId(), 1, Integer::sum));
      } while (!batch.isEmpty());
      assertThat(messages).isEqualTo(queuedHistory);
    }
  }

  private Process launch(TestDatabase db, Instant startDate, String name) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                SchedulerProcess.class.getName(),
                db.jdbcUrl(),
                db.user(),
                RedisExtension.url(),
                RedisExtension.namespace(),
                startDate.toString())
            .redirectErrorStream(true)
            .redirectOutput(new File(dir.toFile(), "scheduler-" + name + ".log"));
    return builder.start();
  }

  private boolean started(String name) throws Exception {
    Path log = dir.resolve("scheduler-" + name + ".log");
    return Files.exists(log) && Files.readString(log).contains("scheduler started");
  }

  private static long queuedRuns(Backends backends) {
    return backends.runs.listRuns("ha_every_second", 1000).stream()
        .filter(
            r ->
                backends.runs.taskInstances(r.id()).stream()
                    .allMatch(ti -> ti.state() == TaskState.QUEUED))
        .count();
  }

  private static int schedulerNodes(TestDatabase db) throws Exception {
    try (Connection c =
            java.sql.DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select count(*) from qrtz_scheduler_state")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static Map<Long, Integer> queuedHistoryRows(TestDatabase db) throws Exception {
    Map<Long, Integer> counts = new HashMap<>();
    try (Connection c =
            java.sql.DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select task_instance_id, count(*) from task_instance_history"
                    + " where to_state = 'queued' group by task_instance_id")) {
      while (rs.next()) {
        counts.put(rs.getLong(1), rs.getInt(2));
      }
    }
    return counts;
  }
}

package io.updraft.bench;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.Jedis;

/**
 * The floor of this machine, measured in the same run: one durable single-row commit in PostgreSQL
 * and one Redis round trip. No orchestrator that commits each task's state can hand a task on
 * faster than a commit or two.
 */
final class MachineFloor {
  private MachineFloor() {}

  /** Medians and 99th percentiles, in milliseconds. */
  record Result(int samples, double commitP50, double commitP99, double pingP50, double pingP99) {}

  static Result measure(BenchSettings s, int samples) throws SQLException {
    List<Double> commits = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(s.jdbcUrl(), s.user(), s.password())) {
      try (Statement st = c.createStatement()) {
        st.execute("drop table if exists bench_floor");
        // A logged table: an unlogged or temporary one would skip the WAL flush being measured.
        st.execute("create table bench_floor (id bigserial primary key, payload text not null)");
      }
      c.setAutoCommit(false);
      try (PreparedStatement insert =
          c.prepareStatement("insert into bench_floor (payload) values (?)")) {
        for (int i = 0; i < samples + samples / 10; i++) {
          long start = System.nanoTime();
          insert.setString(1, "row " + i);
          insert.executeUpdate();
          c.commit();
          if (i >= samples / 10) {
            commits.add((System.nanoTime() - start) / 1e6);
          }
        }
      }
      c.setAutoCommit(true);
      try (Statement st = c.createStatement()) {
        st.execute("drop table bench_floor");
      }
    }
    List<Double> pings = new ArrayList<>();
    try (Jedis jedis = new Jedis(URI.create(s.redisUrl()))) {
      for (int i = 0; i < samples + samples / 10; i++) {
        long start = System.nanoTime();
        jedis.ping();
        if (i >= samples / 10) {
          pings.add((System.nanoTime() - start) / 1e6);
        }
      }
    }
    return new Result(
        samples,
        Percentiles.of(commits, 50),
        Percentiles.of(commits, 99),
        Percentiles.of(pings, 50),
        Percentiles.of(pings, 99));
  }
}

package io.updraft.hooks.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.updraft.core.connection.Connection;
import io.updraft.core.hook.ConnectionLookup;
import io.updraft.core.hook.Hooks;
import java.net.URI;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Compares the hook's query path ({@code records}) with the same query through a bare HikariCP pool
 * and JDBC, in alternating rounds so that drift hits both. Not a test: run it with {@code
 * scripts/bench-postgres-hook}. Prints the median time per query of each and their ratio.
 */
public final class PostgresHookBenchmark {
  private static final String QUERY = "select id, name, qty from bench_items where id = ?";
  private static final int ROUNDS = 15;
  private static final int QUERIES_PER_ROUND = 4_000;

  private PostgresHookBenchmark() {}

  public static void main(String[] args) throws Exception {
    String jdbcUrl = args.length > 0 ? args[0] : "jdbc:postgresql://127.0.0.1:5432/postgres";
    String user = args.length > 1 ? args[1] : "postgres";
    String password = args.length > 2 ? args[2] : null;
    URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
    Connection conn =
        new Connection(
            "bench",
            "postgres",
            null,
            uri.getHost(),
            user,
            password,
            uri.getPath().substring(1),
            uri.getPort(),
            Map.of("pool_size", "2"));
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(PostgresPool.jdbcUrl(conn));
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(2);
    try (Hooks hooks =
            Hooks.load(
                ConnectionLookup.of(Map.of("bench", conn)),
                PostgresHookBenchmark.class.getClassLoader());
        PostgresHook hook = hooks.open("bench", PostgresHook.class);
        HikariDataSource raw = new HikariDataSource(config)) {
      hook.run(
          List.of(
              "drop table if exists bench_items",
              "create table bench_items (id int primary key, name text, qty int)",
              "insert into bench_items select g, 'item ' || g, g % 100 from generate_series(1, 1000) g"),
          false);
      // Warm-up: JIT, pools and the server's plan cache for both paths.
      for (int i = 0; i < 3; i++) {
        hookRound(hook);
        rawRound(raw);
      }
      double[] hookNanos = new double[ROUNDS];
      double[] rawNanos = new double[ROUNDS];
      for (int r = 0; r < ROUNDS; r++) {
        if (r % 2 == 0) {
          hookNanos[r] = hookRound(hook);
          rawNanos[r] = rawRound(raw);
        } else {
          rawNanos[r] = rawRound(raw);
          hookNanos[r] = hookRound(hook);
        }
      }
      double hookMedian = median(hookNanos);
      double rawMedian = median(rawNanos);
      System.out.printf(
          "raw HikariCP + JDBC: %.1f us/query%nPostgresHook.records: %.1f us/query%nratio: %.3fx%n",
          rawMedian / 1000, hookMedian / 1000, hookMedian / rawMedian);
      hook.run("drop table bench_items");
    }
  }

  private static double hookRound(PostgresHook hook) throws SQLException {
    long start = System.nanoTime();
    long sink = 0;
    for (int i = 0; i < QUERIES_PER_ROUND; i++) {
      sink += hook.records(QUERY, 1 + i % 1000).size();
    }
    return check(sink, (System.nanoTime() - start) / (double) QUERIES_PER_ROUND);
  }

  private static double rawRound(HikariDataSource raw) throws SQLException {
    long start = System.nanoTime();
    long sink = 0;
    for (int i = 0; i < QUERIES_PER_ROUND; i++) {
      try (java.sql.Connection c = raw.getConnection();
          PreparedStatement s = c.prepareStatement(QUERY)) {
        s.setObject(1, 1 + i % 1000);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            Object[] row = {rs.getObject(1), rs.getObject(2), rs.getObject(3)};
            sink += row.length > 0 ? 1 : 0;
          }
        }
      }
    }
    return check(sink, (System.nanoTime() - start) / (double) QUERIES_PER_ROUND);
  }

  private static double check(long rows, double nanos) {
    if (rows != QUERIES_PER_ROUND) {
      throw new IllegalStateException("Expected one row per query, got " + rows);
    }
    return nanos;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}

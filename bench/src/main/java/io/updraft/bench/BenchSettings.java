package io.updraft.bench;

import java.util.Map;

/**
 * Where the benchmark runs: {@code BENCH_DATABASE_URL} (a JDBC URL of a database it may empty),
 * {@code BENCH_DATABASE_USER}, {@code BENCH_REDIS_URL}, {@code BENCH_NAMESPACE}.
 */
record BenchSettings(String jdbcUrl, String user, String redisUrl, String namespace) {
  static BenchSettings from(Map<String, String> env) {
    return new BenchSettings(
        env.getOrDefault("BENCH_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/updraft_bench"),
        env.getOrDefault("BENCH_DATABASE_USER", "postgres"),
        env.getOrDefault("BENCH_REDIS_URL", "redis://127.0.0.1:6379"),
        env.getOrDefault("BENCH_NAMESPACE", "updraft-bench"));
  }

  Map<String, String> asEnv() {
    return Map.of(
        "BENCH_DATABASE_URL", jdbcUrl,
        "BENCH_DATABASE_USER", user,
        "BENCH_REDIS_URL", redisUrl,
        "BENCH_NAMESPACE", namespace);
  }
}

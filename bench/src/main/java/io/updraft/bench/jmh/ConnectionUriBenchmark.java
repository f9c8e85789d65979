package io.updraft.bench.jmh;

import io.updraft.core.connection.Connection;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parsing Airflow's URI form of a connection, as each lookup in an environment or file backend
 * does: plain query parameters, and an {@code __extra__} JSON object with a percent-encoded
 * password.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(Defaults.FORKS)
@Warmup(iterations = Defaults.WARMUP_ITERATIONS, time = Defaults.SECONDS)
@Measurement(iterations = Defaults.MEASUREMENT_ITERATIONS, time = Defaults.SECONDS)
public class ConnectionUriBenchmark {
  private String plain = "postgres://etl:s3cr3t@db.example.com:5432/sales?sslmode=require";
  private String extraJson =
      "google-cloud-platform://sa%40proj:p%2Fa%23ss@bigquery.googleapis.com:443/analytics"
          + "?__extra__=%7B%22project%22%3A+%22proj%22%2C+%22retries%22%3A+3%7D";

  @Benchmark
  public Connection plain_parameters() {
    return Connection.fromUri("warehouse", plain);
  }

  @Benchmark
  public Connection extra_as_json() {
    return Connection.fromUri("bigquery", extraJson);
  }
}

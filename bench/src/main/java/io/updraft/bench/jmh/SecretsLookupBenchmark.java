package io.updraft.bench.jmh;

import io.updraft.core.connection.Connection;
import io.updraft.core.secrets.EnvironmentSecretsBackend;
import io.updraft.core.secrets.Requester;
import io.updraft.core.secrets.SecretMasker;
import io.updraft.core.secrets.SecretsAudit;
import io.updraft.core.secrets.SecretsChain;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A task's connection lookup when the secrets chain has it cached: what every hook call costs once
 * the first call has fetched the connection (the audit is off, as its sink is not what is timed).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(Defaults.FORKS)
@Warmup(iterations = Defaults.WARMUP_ITERATIONS, time = Defaults.SECONDS)
@Measurement(iterations = Defaults.MEASUREMENT_ITERATIONS, time = Defaults.SECONDS)
public class SecretsLookupBenchmark {
  private final Requester requester = Requester.task("worker", "etl_sales", "load");
  private SecretsChain chain;

  @Setup
  public void setUp() {
    EnvironmentSecretsBackend env =
        new EnvironmentSecretsBackend(
            Map.of(
                "UPDRAFT_CONN_WAREHOUSE",
                "postgres://etl:s3cr3t@db.example.com:5432/sales?sslmode=require"));
    chain =
        new SecretsChain(
            List.of(env),
            Duration.ofMinutes(5),
            Clock.systemUTC(),
            SecretsAudit.none(),
            new SecretMasker());
    chain.connection("warehouse", requester);
  }

  @Benchmark
  public Connection cached_connection() {
    return chain.connection("warehouse", requester);
  }
}

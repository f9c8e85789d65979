package io.updraft.core.secrets;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How long a cached connection lookup through the chain takes (target: at most 1 µs). A plain
 * measuring loop, not a test: run it as described in the README ("Benchmark of a cached lookup").
 */
public final class SecretsChainBenchmark {
  private static final int WARMUP = 5_000_000;
  private static final int MEASURED = 20_000_000;

  private SecretsChainBenchmark() {}

  public static void main(String[] args) {
    measure("audit off", SecretsAudit.none());
    // The audit log as processes use it, with its logger below INFO (as without a binding).
    measure("audit to a disabled logger", SecretsAudit.log());
  }

  private static void measure(String label, SecretsAudit audit) {
    SecretsChain chain =
        new SecretsChain(
            List.of(
                new EnvironmentSecretsBackend(
                    Map.of("UPDRAFT_CONN_SALES_DB", "postgres://etl:pw-123456@db:5432/sales"))),
            Duration.ofHours(1),
            Clock.systemUTC(),
            audit,
            new SecretMasker());
    Requester requester = Requester.task("bench", "etl", "load");
    long sink = 0;
    for (int i = 0; i < WARMUP; i++) {
      sink += chain.connection("sales_db", requester).port();
    }
    long start = System.nanoTime();
    for (int i = 0; i < MEASURED; i++) {
      sink += chain.connection("sales_db", requester).port();
    }
    double nanos = (System.nanoTime() - start) / (double) MEASURED;
    System.out.printf(
        "cached connection lookup, %s: %.1f ns/op (checksum %d)%n", label, nanos, sink);
  }
}

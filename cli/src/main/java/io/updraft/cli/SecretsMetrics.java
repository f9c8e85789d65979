package io.updraft.cli;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.updraft.core.secrets.SecretRead;
import io.updraft.core.secrets.SecretsAudit;
import java.util.Locale;

/**
 * Counts the secrets chain's reads from its audit records, which already say which backend answered
 * and whether the cache did: the chain itself needs no metrics code.
 */
final class SecretsMetrics implements SecretsAudit {
  private final MeterRegistry registry;

  SecretsMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void record(SecretRead read) {
    String kind = read.kind().name().toLowerCase(Locale.ROOT);
    Counter.builder("updraft.secrets.cache")
        .description("Connection and variable reads answered from the secrets cache (hit) or not")
        .tag("kind", kind)
        .tag("result", read.cached() ? "hit" : "miss")
        .register(registry)
        .increment();
    if (!read.cached()) {
      Counter.builder("updraft.secrets.lookups")
          .description("Reads that asked the secrets backends, by the backend that had the value")
          .tag("kind", kind)
          .tag("backend", read.backend() == null ? "none" : read.backend())
          .register(registry)
          .increment();
    }
  }
}

package io.updraft.hooks.base;

import java.time.Duration;

/**
 * How a sensor waits: it checks every {@code pokeInterval} until {@code timeout}; then it fails, or
 * with {@code softFail} ends as skipped (Airflow's names and defaults: 60 s, 7 days, false).
 */
public record SensorSettings(Duration pokeInterval, Duration timeout, boolean softFail) {
  public static final SensorSettings DEFAULT =
      new SensorSettings(Duration.ofSeconds(60), Duration.ofDays(7), false);

  public SensorSettings {
    if (pokeInterval.isNegative() || pokeInterval.isZero()) {
      throw new IllegalArgumentException("A sensor's poke interval must be positive");
    }
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("A sensor's timeout must not be negative");
    }
  }

  public SensorSettings withPokeInterval(Duration interval) {
    return new SensorSettings(interval, timeout, softFail);
  }

  public SensorSettings withTimeout(Duration newTimeout) {
    return new SensorSettings(pokeInterval, newTimeout, softFail);
  }

  public SensorSettings withSoftFail(boolean soft) {
    return new SensorSettings(pokeInterval, timeout, soft);
  }
}

package io.updraft.hooks.base;

import java.time.Duration;
import java.util.Objects;

/**
 * How a sensor waits: it checks every {@code pokeInterval} until {@code timeout}; then it fails, or
 * with {@code softFail} ends as skipped (Airflow's names and defaults: 60 s, 7 days, false, poke).
 * In {@link SensorMode#RESCHEDULE} mode the timeout counts from the first start of the try, over
 * all its reschedules.
 *
 * <pre>{@code
 * SensorSettings.DEFAULT
 *     .withPokeInterval(Duration.ofMinutes(5))
 *     .withTimeout(Duration.ofHours(6))
 *     .withMode(SensorMode.RESCHEDULE)
 * }</pre>
 */
public record SensorSettings(
    Duration pokeInterval, Duration timeout, boolean softFail, SensorMode mode) {
  public static final SensorSettings DEFAULT =
      new SensorSettings(Duration.ofSeconds(60), Duration.ofDays(7), false, SensorMode.POKE);

  public SensorSettings {
    if (pokeInterval.isNegative() || pokeInterval.isZero()) {
      throw new IllegalArgumentException("A sensor's poke interval must be positive");
    }
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("A sensor's timeout must not be negative");
    }
    Objects.requireNonNull(mode, "A sensor's mode must be poke or reschedule");
  }

  /** Settings of a sensor in poke mode. */
  public SensorSettings(Duration pokeInterval, Duration timeout, boolean softFail) {
    this(pokeInterval, timeout, softFail, SensorMode.POKE);
  }

  public SensorSettings withPokeInterval(Duration interval) {
    return new SensorSettings(interval, timeout, softFail, mode);
  }

  public SensorSettings withTimeout(Duration newTimeout) {
    return new SensorSettings(pokeInterval, newTimeout, softFail, mode);
  }

  public SensorSettings withSoftFail(boolean soft) {
    return new SensorSettings(pokeInterval, timeout, soft, mode);
  }

  public SensorSettings withMode(SensorMode newMode) {
    return new SensorSettings(pokeInterval, timeout, softFail, newMode);
  }
}

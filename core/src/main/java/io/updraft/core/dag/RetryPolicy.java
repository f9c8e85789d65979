package io.updraft.core.dag;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a failed try is tried again: after {@code delay}, doubled after each further failure when
 * {@code exponentialBackoff} is on, never more than {@code maxDelay}, and shortened by up to {@code
 * jitter} (a fraction, 0 to 1) at random so that many tasks failing together do not retry together.
 *
 * @param retries tries after the first
 */
public record RetryPolicy(
    int retries, Duration delay, boolean exponentialBackoff, Duration maxDelay, double jitter) {

  /** Airflow's ceiling when no maximum is set: a day. */
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofDays(1);

  public RetryPolicy {
    if (retries < 0) {
      throw new IllegalArgumentException("retries must be >= 0, got " + retries);
    }
    delay = delay == null ? Duration.ZERO : delay;
    maxDelay = maxDelay == null ? DEFAULT_MAX_DELAY : maxDelay;
    if (delay.isNegative() || maxDelay.isNegative()) {
      throw new IllegalArgumentException(
          "retry delays must not be negative, got " + delay + " and max " + maxDelay);
    }
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new IllegalArgumentException("retry jitter must be between 0 and 1, got " + jitter);
    }
  }

  public static RetryPolicy fixed(int retries, Duration delay) {
    return new RetryPolicy(retries, delay, false, null, 0);
  }

  /**
   * The wait after try {@code failedTry} (1 for the first) failed. {@code random} is a number in
   * [0, 1) supplied by the caller, so that tests can fix it.
   */
  public Duration delayAfter(int failedTry, double random) {
    Duration wait = delay;
    if (exponentialBackoff) {
      // 2^(n-1), stopped before it overflows: the cap is reached long before.
      int doublings = Math.max(0, Math.min(failedTry - 1, 40));
      wait = multiplySaturated(delay, 1L << doublings);
    }
    if (wait.compareTo(maxDelay) > 0) {
      wait = maxDelay;
    }
    if (jitter > 0) {
      long millis = wait.toMillis();
      wait = Duration.ofMillis(millis - (long) (millis * jitter * random));
    }
    return wait;
  }

  /** The time the next try may start, or empty when the tries are used up. */
  public Optional<Instant> nextTryAt(Instant failedAt, int failedTry, double random) {
    if (failedTry > retries) {
      return Optional.empty();
    }
    return Optional.of(failedAt.plus(delayAfter(failedTry, random)));
  }

  private static Duration multiplySaturated(Duration d, long factor) {
    try {
      return d.multipliedBy(factor);
    } catch (ArithmeticException e) {
      return Duration.ofSeconds(Long.MAX_VALUE / 2);
    }
  }
}

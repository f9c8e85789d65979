package io.updraft.bench.jmh;

/**
 * The settings every benchmark here shares, in one place: short enough that the four benchmarks run
 * in about two minutes, long enough for the JIT to settle on these small methods.
 */
final class Defaults {
  static final int FORKS = 1;
  static final int WARMUP_ITERATIONS = 3;
  static final int MEASUREMENT_ITERATIONS = 5;
  static final int SECONDS = 2;

  private Defaults() {}
}

package io.updraft.bench;

import java.util.Arrays;
import java.util.List;

/** Nearest-rank percentiles, the same way for every figure of the table. */
final class Percentiles {
  private Percentiles() {}

  static double of(List<Double> values, double p) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}

package io.updraft.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The scale benchmark's Markdown: one table (row, figure, target, met?) and the details under it.
 */
final class ScaleReport {
  static final double PAGE_TARGET_MS = 100;
  static final double LAG_TARGET_MS = 1_000;

  private ScaleReport() {}

  static String describe(ScaleLagPhase.Result p) {
    ScaleLag.Result lag = p.lag();
    return String.format(
        Locale.ROOT,
        "%s: start + registration %.1f s (%.0f s before the boundary %s); %,d of %,d runs,"
            + " row lag p50 %.0f ms p99 %.0f ms; %,d first tasks, p50 %.0f ms p99 %.0f ms",
        p.config().name(),
        p.startSeconds(),
        p.secondsBeforeBoundary(),
        p.boundary(),
        lag.runs(),
        p.dags(),
        Percentiles.of(lag.row(), 50),
        Percentiles.of(lag.row(), 99),
        lag.firstTask().size(),
        Percentiles.of(lag.firstTask(), 50),
        Percentiles.of(lag.firstTask(), 99));
  }

  static List<String> render(
      List<ScaleLagPhase.Result> phases,
      ScaleHistory.Result history,
      List<ScaleHistory.Size> sizes,
      List<ScalePages.Timing> timings,
      ScaleRun.Options options) {
    List<String> out = new ArrayList<>();
    out.add("| row | figure | target | met? |");
    out.add("| --- | ---: | --- | --- |");
    for (ScaleLagPhase.Result p : phases) {
      String q = " (" + p.config().name() + ")";
      ScaleLag.Result lag = p.lag();
      row(
          out,
          String.format(Locale.ROOT, "scheduler start + registration of %,d DAGs%s", p.dags(), q),
          String.format(Locale.ROOT, "%.1f s", p.startSeconds()),
          "—",
          "—");
      row(
          out,
          "runs created for the boundary " + p.boundary() + q,
          String.format(Locale.ROOT, "%,d of %,d", lag.runs(), p.dags()),
          "all",
          lag.runs() >= p.dags() ? "**yes**" : "no");
      double rowP99 = Percentiles.of(lag.row(), 99);
      row(
          out,
          "run-creation lag, scheduled time → run row, p50 / p99" + q,
          ms(Percentiles.of(lag.row(), 50)) + " / " + ms(rowP99),
          "≤ 1,000 ms p99",
          met(rowP99 <= LAG_TARGET_MS && lag.runs() >= p.dags()));
      row(
          out,
          "run-creation lag, scheduled time → first task running, p50 / p99" + q,
          ms(Percentiles.of(lag.firstTask(), 50))
              + " / "
              + ms(Percentiles.of(lag.firstTask(), 99))
              + (lag.firstTask().size() < p.dags()
                  ? String.format(Locale.ROOT, " (%,d started)", lag.firstTask().size())
                  : ""),
          "—",
          "—");
    }
    for (ScalePages.Timing t : timings) {
      row(
          out,
          t.label() + ", server time p50 / p99",
          ms(t.serverP50()) + " / " + ms(t.serverP99()),
          "≤ 100 ms p99",
          met(t.serverP99() <= PAGE_TARGET_MS));
    }
    long database = sizes.getFirst().bytes();
    double millions = history.taskInstances() / 1e6;
    row(
        out,
        "database size per million task instances",
        String.format(Locale.ROOT, "%,.0f MB", database / 1e6 / millions),
        "—",
        "—");
    out.add("");
    out.add(
        "Pages and calls, client time on localhost (adds the transfer), p50 / p99, largest answer:");
    out.add("");
    for (ScalePages.Timing t : timings) {
      out.add(
          String.format(
              Locale.ROOT,
              "- %s: %s / %s, %,d bytes (%d calls after up to %d unmeasured)",
              t.label(),
              ms(t.clientP50()),
              ms(t.clientP99()),
              t.bytes(),
              t.calls(),
              options.warmup()));
    }
    out.add("");
    out.add(
        String.format(
            Locale.ROOT,
            "History: %,d runs, %,d task instances, %,d state changes (%d runs of each DAG, %d tasks"
                + " each), generated in SQL:",
            history.runs(),
            history.taskInstances(),
            history.stateChanges(),
            options.runsPerDag(),
            ScaleDags.TASKS));
    history.steps().forEach(step -> out.add("- " + step));
    out.add("");
    out.add("Sizes (with indexes and TOAST):");
    sizes.forEach(
        s -> out.add(String.format(Locale.ROOT, "- %s: %,.1f MB", s.name(), s.bytes() / 1e6)));
    out.add("");
    out.add("Minute boundaries:");
    phases.forEach(p -> out.add("- " + describe(p)));
    return out;
  }

  private static void row(
      List<String> out, String label, String figure, String target, String met) {
    out.add("| " + label + " | " + figure + " | " + target + " | " + met + " |");
  }

  static String ms(double value) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    return String.format(Locale.ROOT, value < 10 ? "%.1f ms" : "%,.0f ms", value);
  }

  private static String met(boolean ok) {
    return ok ? "**yes**" : "no";
  }
}

package io.updraft.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The comparison as a Markdown table: one row per figure, Updraft and each peer, Updraft divided by
 * each peer, the target and whether Updraft meets it (its own threshold, if any, and ahead of every
 * peer that has a figure).
 */
final class ComparisonTable {
  private final List<Row> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  /** A figure; a null value is "n/a", explained by a note. */
  record Row(
      String label,
      boolean higherIsBetter,
      String format,
      Double updraft,
      Double celery,
      Double jobrunr,
      Double threshold,
      String target) {}

  void add(Row row) {
    rows.add(row);
  }

  /** A numbered note under the table; returns its marker for a cell or label. */
  String note(String text) {
    notes.add(text);
    return "⁽" + notes.size() + "⁾";
  }

  List<String> render() {
    List<String> out = new ArrayList<>();
    out.add(
        "| row | Updraft | Celery | JobRunr | Updraft÷Celery | Updraft÷JobRunr | target | met? |");
    out.add("| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |");
    for (Row r : rows) {
      out.add(
          String.join(
              " | ",
              "| " + r.label(),
              cell(r, r.updraft()),
              cell(r, r.celery()),
              cell(r, r.jobrunr()),
              ratio(r.updraft(), r.celery()),
              ratio(r.updraft(), r.jobrunr()),
              r.target(),
              met(r) + " |"));
    }
    out.add("");
    out.add(
        "Updraft÷peer above 1 means Updraft's figure is the larger: better for throughput and run"
            + " creation, worse for latency and memory.");
    for (int i = 0; i < notes.size(); i++) {
      out.add("");
      out.add("⁽" + (i + 1) + "⁾ " + notes.get(i));
    }
    return out;
  }

  private static String cell(Row r, Double value) {
    if (value != null && value.isNaN()) {
      return "failed";
    }
    return value == null ? "n/a" : String.format(Locale.ROOT, r.format(), value);
  }

  private static String ratio(Double updraft, Double peer) {
    if (updraft == null || peer == null || peer == 0 || updraft.isNaN()) {
      return "—";
    }
    double ratio = updraft / peer;
    return String.format(Locale.ROOT, ratio < 10 ? "%.2f×" : "%.0f×", ratio);
  }

  private static String met(Row r) {
    if (r.updraft() == null || r.updraft().isNaN()) {
      return "—";
    }
    boolean judged = r.threshold() != null || r.celery() != null || r.jobrunr() != null;
    boolean ok =
        r.threshold() == null
            || (r.higherIsBetter() ? r.updraft() >= r.threshold() : r.updraft() <= r.threshold());
    List<String> behind = new ArrayList<>();
    if (r.celery() != null && !ahead(r, r.celery())) {
      behind.add("Celery");
    }
    if (r.jobrunr() != null && !ahead(r, r.jobrunr())) {
      behind.add("JobRunr");
    }
    if (!judged) {
      return "—";
    }
    if (ok && behind.isEmpty()) {
      return "**yes**";
    }
    List<String> why = new ArrayList<>();
    if (!ok) {
      why.add("misses " + r.target().split(", ahead")[0]);
    }
    if (!behind.isEmpty()) {
      why.add("behind " + String.join(", ", behind));
    }
    return "no (" + String.join("; ", why) + ")";
  }

  private static boolean ahead(Row r, double peer) {
    return r.higherIsBetter() ? r.updraft() > peer : r.updraft() < peer;
  }
}

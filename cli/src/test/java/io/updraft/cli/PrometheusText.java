package io.updraft.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads samples out of a Prometheus text-format scrape, for assertions. */
final class PrometheusText {
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)$", Pattern.MULTILINE);
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"([^\"]*)\"");

  private final String text;

  PrometheusText(String text) {
    this.text = text;
  }

  /** The value of the sample named {@code name} whose labels include {@code labels}. */
  Optional<Double> value(String name, Map<String, String> labels) {
    Matcher m = SAMPLE.matcher(text);
    while (m.find()) {
      if (m.group(1).equals(name)
          && labelsOf(m.group(2)).entrySet().containsAll(labels.entrySet())) {
        return Optional.of(Double.parseDouble(m.group(3)));
      }
    }
    return Optional.empty();
  }

  double valueOrZero(String name, Map<String, String> labels) {
    return value(name, labels).orElse(0.0);
  }

  private static Map<String, String> labelsOf(String labels) {
    Map<String, String> out = new LinkedHashMap<>();
    if (labels != null) {
      Matcher m = LABEL.matcher(labels);
      while (m.find()) {
        out.put(m.group(1), m.group(2));
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return text;
  }
}

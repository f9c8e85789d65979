package io.updraft.api.view;

/** The marks along a chart's axis. */
public final class ChartAxis {
  private ChartAxis() {}

  /** A mark at {@code at} (x or y in SVG coordinates) saying {@code label}. */
  public record Tick(int at, String label) {}
}

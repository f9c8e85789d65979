package io.updraft.api.view;

import java.util.List;

/**
 * A run's Gantt chart: one row per task instance, a bar per try (its wait in the queue pale, its
 * running span solid) against a time axis, in SVG coordinates.
 */
public record GanttView(
    Layout layout,
    String dagId,
    String dagHref,
    String runId,
    String runHref,
    String state,
    int width,
    int height,
    List<ChartAxis.Tick> ticks,
    List<Row> rows) {
  public static final int LABEL_WIDTH = 240;
  public static final int ROW_HEIGHT = 22;
  public static final int TOP = 28;

  /** A task instance's row: its label and page, {@code y} the top of its band. */
  public record Row(String label, String href, int y, boolean alternate, List<Bar> bars) {}

  /**
   * One try: the wait from {@code waitX} ({@code waitWidth} 0 when unknown) then the run from
   * {@code runX}; {@code title} says the times on hover.
   */
  public record Bar(
      String state, int waitX, int waitWidth, int runX, int runWidth, int y, String title) {}
}

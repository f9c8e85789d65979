package io.updraft.api.view;

import java.util.List;

/**
 * A value per task per run over a DAG's latest runs (task duration, landing time), as dots joined
 * by one line per task, in SVG coordinates: runs along x (oldest left), the value along y.
 */
public record RunChartView(
    Layout layout,
    String dagId,
    String dagHref,
    String title,
    String explanation,
    String selfHref,
    int runs,
    int width,
    int height,
    int plotLeft,
    int plotRight,
    int plotBottom,
    List<ChartAxis.Tick> xTicks,
    List<ChartAxis.Tick> yTicks,
    List<Series> series) {

  /** One task's line: {@code colour} picks one of the chart's colour classes. */
  public record Series(String taskId, int colour, String points, List<Point> dots) {}

  /** One task's value in one run, with what it says on hover and that run's page. */
  public record Point(int x, int y, String title, String href) {}
}

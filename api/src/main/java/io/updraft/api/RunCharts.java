package io.updraft.api;

import io.updraft.api.view.ChartAxis;
import io.updraft.api.view.Layout;
import io.updraft.api.view.RunChartView;
import io.updraft.core.dag.TaskNode;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.StoredDag;
import io.updraft.core.run.TaskInstance;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Airflow's task duration and landing time charts: one value per task per run over a DAG's latest
 * runs, laid out as dots on one line per task. A mapped task counts as one: from its first
 * instance's start to its last one's end.
 */
final class RunCharts {
  static final int WIDTH = 1200;
  static final int HEIGHT = 380;
  static final int LEFT = 80;
  static final int RIGHT = WIDTH - 20;
  static final int TOP = 16;
  static final int BOTTOM = HEIGHT - 70;
  static final int COLOURS = 10;
  private static final int Y_TICKS = 5;
  private static final int MAX_X_LABELS = 12;

  /** What a chart plots for one task in one run, in seconds; null for nothing to plot. */
  interface Measure {
    Double seconds(DagRun run, Instant firstStart, Instant lastEnd);
  }

  /** How long the task ran: Airflow's task duration. */
  static final Measure DURATION =
      (run, start, end) ->
          start == null || end == null ? null : Duration.between(start, end).toMillis() / 1000.0;

  /** When the task ended, after its run's data interval ended: Airflow's landing time. */
  static final Measure LANDING =
      (run, start, end) ->
          end == null || run.dataIntervalEnd() == null
              ? null
              : Duration.between(run.dataIntervalEnd(), end).toMillis() / 1000.0;

  private RunCharts() {}

  /**
   * @param runsNewestFirst as the store returns them; the chart shows them oldest first
   */
  static RunChartView build(
      Layout layout,
      StoredDag dag,
      List<DagRun> runsNewestFirst,
      Map<Long, List<TaskInstance>> taskInstances,
      Measure measure,
      String title,
      String explanation,
      String selfHref) {
    List<DagRun> runs = runsNewestFirst.reversed();
    // values.get(task)[run]: null where the task has nothing to plot in that run.
    Map<String, Double[]> values = new HashMap<>();
    double min = 0;
    double max = 0;
    for (int i = 0; i < runs.size(); i++) {
      DagRun run = runs.get(i);
      Map<String, Instant[]> spans = new HashMap<>();
      for (TaskInstance ti : taskInstances.getOrDefault(run.id(), List.of())) {
        Instant[] span = spans.computeIfAbsent(ti.taskId(), k -> new Instant[2]);
        if (ti.startDate() != null && (span[0] == null || ti.startDate().isBefore(span[0]))) {
          span[0] = ti.startDate();
        }
        if (ti.endDate() != null && (span[1] == null || ti.endDate().isAfter(span[1]))) {
          span[1] = ti.endDate();
        }
      }
      for (Map.Entry<String, Instant[]> e : spans.entrySet()) {
        Double v = measure.seconds(run, e.getValue()[0], e.getValue()[1]);
        if (v != null) {
          values.computeIfAbsent(e.getKey(), k -> new Double[runs.size()])[i] = v;
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
    }
    // Round the axis out to 1, 2 or 5 times a power of ten so its ticks read as round figures.
    max = max > 0 ? roundUp(max) : 0;
    min = min < 0 ? -roundUp(-min) : 0;
    if (max - min <= 0) {
      max = 1;
    }
    Scale scale = new Scale(runs.size(), min, max);
    List<RunChartView.Series> series = new ArrayList<>();
    for (TaskNode task : dag.structure().tasks()) {
      Double[] row = values.get(task.taskId());
      if (row != null) {
        series.add(series(dag.dagId(), task.taskId(), row, runs, scale, series.size()));
      }
    }
    List<ChartAxis.Tick> yTicks = new ArrayList<>();
    for (int i = 0; i <= Y_TICKS; i++) {
      double v = min + (max - min) * i / Y_TICKS;
      yTicks.add(new ChartAxis.Tick(scale.y(v), seconds(v)));
    }
    List<ChartAxis.Tick> xTicks = new ArrayList<>();
    int every = Math.max(1, (runs.size() + MAX_X_LABELS - 1) / MAX_X_LABELS);
    for (int i = 0; i < runs.size(); i += every) {
      xTicks.add(
          new ChartAxis.Tick(scale.x(i), RunColumns.SHORT.format(runs.get(i).logicalDate())));
    }
    return new RunChartView(
        layout,
        dag.dagId(),
        Links.dag(dag.dagId()),
        title,
        explanation,
        selfHref,
        runs.size(),
        WIDTH,
        HEIGHT,
        LEFT,
        RIGHT,
        BOTTOM,
        xTicks,
        yTicks,
        series);
  }

  private static RunChartView.Series series(
      String dagId, String taskId, Double[] row, List<DagRun> runs, Scale scale, int index) {
    StringBuilder points = new StringBuilder();
    List<RunChartView.Point> dots = new ArrayList<>();
    for (int i = 0; i < row.length; i++) {
      if (row[i] == null) {
        continue;
      }
      int x = scale.x(i);
      int y = scale.y(row[i]);
      points.append(points.isEmpty() ? "" : " ").append(x).append(',').append(y);
      DagRun run = runs.get(i);
      dots.add(
          new RunChartView.Point(
              x,
              y,
              taskId + " in " + run.runId() + ": " + seconds(row[i]),
              Links.task(dagId, run.runId(), taskId)));
    }
    return new RunChartView.Series(taskId, index % COLOURS, points.toString(), dots);
  }

  private static double roundUp(double value) {
    double power = Math.pow(10, Math.floor(Math.log10(value)));
    for (double step : new double[] {1, 2, 5, 10}) {
      if (value <= step * power) {
        return step * power;
      }
    }
    return 10 * power;
  }

  /** Seconds as people read them: "42.0 s", "3 min 5 s", "2 h 10 min", signed. */
  static String seconds(double value) {
    String sign = value < 0 ? "-" : "";
    double s = Math.abs(value);
    if (s < 60) {
      return sign + String.format(java.util.Locale.ROOT, "%.1f s", s);
    }
    long whole = Math.round(s);
    if (whole < 3600) {
      return sign + whole / 60 + " min " + whole % 60 + " s";
    }
    return sign + whole / 3600 + " h " + whole % 3600 / 60 + " min";
  }

  /** Run index and seconds to SVG coordinates. */
  private record Scale(int runs, double min, double max) {
    int x(int run) {
      return LEFT + (int) Math.round((run + 0.5) * (RIGHT - LEFT) / Math.max(1, runs));
    }

    int y(double seconds) {
      return BOTTOM - (int) Math.round((seconds - min) / (max - min) * (BOTTOM - TOP));
    }
  }
}

package io.updraft.api;

import io.updraft.api.view.ChartAxis;
import io.updraft.api.view.GanttView;
import io.updraft.api.view.Layout;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.run.TrySpan;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lays out a run's Gantt chart from its task instances and their tries: a pure function of what the
 * store returned, so the page needs no clock (a try still going ends at the latest moment anything
 * in the run was seen).
 */
final class GanttCharts {
  static final int PLOT_WIDTH = 940;
  private static final int TICKS = 6;
  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY_CLOCK =
      DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.UTC);

  private GanttCharts() {}

  static GanttView build(
      Layout layout, DagRun run, List<TaskInstance> taskInstances, List<TrySpan> spans) {
    Instant from = run.startDate();
    Instant to = run.endDate();
    for (TrySpan t : spans) {
      from = earliest(earliest(from, t.queuedAt()), t.startDate());
      to = latest(latest(latest(to, t.queuedAt()), t.startDate()), t.endDate());
    }
    if (from == null) {
      from = run.logicalDate();
    }
    if (to == null || !to.isAfter(from)) {
      to = from.plusSeconds(1);
    }
    Scale scale = new Scale(from, to);
    Map<Long, List<TrySpan>> byInstance = new HashMap<>();
    spans.forEach(
        t -> byInstance.computeIfAbsent(t.taskInstanceId(), k -> new ArrayList<>()).add(t));
    List<GanttView.Row> rows = new ArrayList<>(taskInstances.size());
    for (TaskInstance ti : inTaskOrder(taskInstances)) {
      int y = GanttView.TOP + rows.size() * GanttView.ROW_HEIGHT;
      List<GanttView.Bar> bars = new ArrayList<>();
      for (TrySpan t : byInstance.getOrDefault(ti.id(), List.of())) {
        bar(t, scale, to, y).ifPresent(bars::add);
      }
      String href = Links.task(run.dagId(), run.runId(), ti.taskId());
      rows.add(
          new GanttView.Row(
              ti.mapIndex() < 0 ? ti.taskId() : ti.taskId() + " [" + ti.mapIndex() + "]",
              ti.mapIndex() < 0 ? href : href + "?map_index=" + ti.mapIndex(),
              y,
              rows.size() % 2 == 1,
              bars));
    }
    List<ChartAxis.Tick> ticks = new ArrayList<>(TICKS + 1);
    long range = Duration.between(from, to).toMillis();
    // Ticks a second or less apart need their milliseconds to differ.
    DateTimeFormatter format =
        range > 86_400_000L ? DAY_CLOCK : range > 1_000L * TICKS ? CLOCK : MILLIS;
    for (int i = 0; i <= TICKS; i++) {
      Instant at = from.plusMillis(range * i / TICKS);
      ticks.add(new ChartAxis.Tick(scale.x(at), format.format(at)));
    }
    return new GanttView(
        layout,
        run.dagId(),
        Links.dag(run.dagId()),
        run.runId(),
        Links.run(run.dagId(), run.runId()),
        run.state().wireName(),
        GanttView.LABEL_WIDTH + PLOT_WIDTH + 40,
        GanttView.TOP + Math.max(1, rows.size()) * GanttView.ROW_HEIGHT + 8,
        ticks,
        rows);
  }

  /**
   * A mapped task's instances are created when it expands, after the tasks that follow it: each
   * task's instances are kept together, where its first one is, by map index.
   */
  private static List<TaskInstance> inTaskOrder(List<TaskInstance> taskInstances) {
    Map<String, Integer> firstSeen = new HashMap<>();
    taskInstances.forEach(ti -> firstSeen.putIfAbsent(ti.taskId(), firstSeen.size()));
    List<TaskInstance> sorted = new ArrayList<>(taskInstances);
    sorted.sort(
        java.util.Comparator.comparingInt((TaskInstance ti) -> firstSeen.get(ti.taskId()))
            .thenComparingInt(TaskInstance::mapIndex));
    return sorted;
  }

  /** A try that never queued nor ran (skipped, upstream failed) has nothing to draw. */
  private static java.util.Optional<GanttView.Bar> bar(
      TrySpan t, Scale scale, Instant chartEnd, int y) {
    if (t.queuedAt() == null && t.startDate() == null) {
      return java.util.Optional.empty();
    }
    Instant runStart = t.startDate();
    Instant waitEnd = runStart != null ? runStart : t.endDate() != null ? t.endDate() : chartEnd;
    int waitX = t.queuedAt() == null ? 0 : scale.x(t.queuedAt());
    int waitWidth = t.queuedAt() == null ? 0 : Math.max(1, scale.x(waitEnd) - waitX);
    int runX = runStart == null ? 0 : scale.x(runStart);
    int runWidth =
        runStart == null
            ? 0
            : Math.max(2, scale.x(t.endDate() != null ? t.endDate() : chartEnd) - runX);
    return java.util.Optional.of(
        new GanttView.Bar(t.state(), waitX, waitWidth, runX, runWidth, y + 4, title(t)));
  }

  private static String title(TrySpan t) {
    StringBuilder text =
        new StringBuilder(t.taskId())
            .append(t.mapIndex() < 0 ? "" : " [" + t.mapIndex() + "]")
            .append(", try ")
            .append(t.tryNumber())
            .append(": ")
            .append(t.state());
    text.append(" | queued ").append(at(t.queuedAt()));
    text.append(" | started ").append(at(t.startDate()));
    text.append(" | ended ").append(at(t.endDate()));
    if (t.queuedAt() != null && t.startDate() != null) {
      text.append(" | waited ").append(UiPagesHandler.duration(t.queuedAt(), t.startDate()));
    }
    if (t.startDate() != null && t.endDate() != null) {
      text.append(" | ran ").append(UiPagesHandler.duration(t.startDate(), t.endDate()));
    }
    return text.toString();
  }

  private static String at(Instant instant) {
    return instant == null ? "-" : NextRun.TIME.format(instant);
  }

  private static Instant earliest(Instant a, Instant b) {
    return a == null ? b : b != null && b.isBefore(a) ? b : a;
  }

  private static Instant latest(Instant a, Instant b) {
    return a == null ? b : b != null && b.isAfter(a) ? b : a;
  }

  /** Time to x, across the plot right of the labels. */
  private record Scale(Instant from, Instant to) {
    int x(Instant at) {
      double share =
          (double) Duration.between(from, at).toMillis() / Duration.between(from, to).toMillis();
      return GanttView.LABEL_WIDTH + (int) Math.round(PLOT_WIDTH * Math.clamp(share, 0.0, 1.0));
    }
  }
}

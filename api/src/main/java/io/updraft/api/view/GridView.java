package io.updraft.api.view;

import java.util.List;

/**
 * A DAG's grid: one column per run (oldest left) under a bar as tall as the run was long, one row
 * per task, each cell coloured by the task's state in that run; and the graph of the selected run
 * with the recent runs to pick another from.
 */
public record GridView(
    Layout layout,
    String dagId,
    String description,
    String schedule,
    boolean paused,
    String dagHref,
    List<Column> runs,
    List<Row> tasks,
    GraphView graph,
    List<RunChoice> graphRuns,
    Charts charts,
    Integer runsAsked) {

  /** The states the legend explains, in the order a run goes through them. */
  public static final List<String> LEGEND =
      List.of(
          "none",
          "scheduled",
          "queued",
          "running",
          "success",
          "failed",
          "up_for_retry",
          "up_for_reschedule",
          "upstream_failed",
          "skipped");

  /**
   * The same page for a grid of {@code runs} runs asked for in its address, which picking a run for
   * the graph keeps (null: the default number, left out of the address).
   */
  public GridView askingForRuns(Integer runs) {
    return new GridView(
        layout,
        dagId,
        description,
        schedule,
        paused,
        dagHref,
        this.runs,
        tasks,
        graph,
        graphRuns,
        charts,
        runs);
  }

  /** The tallest duration bar, in pixels: the longest run shown. */
  public static final int BAR_MAX = 40;

  /**
   * A run: its id, state and page; {@code shortDate} under its bar, {@code title} (id, full logical
   * date, duration) on hover; {@code barHeight} in pixels.
   */
  public record Column(
      String runId, String state, String href, String shortDate, String title, int barHeight) {}

  /**
   * A task, or a task group ({@code group}: its cells show its tasks' most urgent state), across
   * the runs; {@code cells} line up with the columns. A row under a group ({@code parentGroup})
   * starts folded, {@code depth} groups deep, and says its name without the group's prefix. A
   * mapped task ({@code mapped}) is one row whose cells sum up its instances' states.
   */
  public record Row(
      String taskId,
      List<Cell> cells,
      String label,
      int depth,
      String parentGroup,
      boolean group,
      boolean mapped) {}

  /**
   * One task in one run; {@code href} is null where the run has no such task; {@code mapped} when
   * it stands for several mapped instances.
   */
  public record Cell(String state, String href, String title, boolean mapped) {}

  /** A run the graph can show; {@code selected} for the one it shows. */
  public record RunChoice(String runId, String label, boolean selected) {}

  /** Where the DAG's charts are: task durations and landing times over recent runs. */
  public record Charts(String durationHref, String landingHref) {}
}

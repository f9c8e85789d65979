package io.updraft.api.view;

import java.util.List;

/**
 * A DAG's grid: one column per run (oldest left), one row per task, each cell coloured by the
 * task's state in that run; and the graph of the selected run.
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
    GraphView graph) {

  /** A run: its id, state and page. */
  public record Column(String runId, String state, String href, String label) {}

  /**
   * A task, or a task group ({@code group}: its cells show its tasks' most urgent state), across
   * the runs; {@code cells} line up with the columns. A row under a group ({@code parentGroup})
   * starts folded, {@code depth} groups deep, and says its name without the group's prefix.
   */
  public record Row(
      String taskId,
      List<Cell> cells,
      String label,
      int depth,
      String parentGroup,
      boolean group) {}

  /** One task in one run; {@code href} is null where the run has no such task. */
  public record Cell(String state, String href, String title) {}
}

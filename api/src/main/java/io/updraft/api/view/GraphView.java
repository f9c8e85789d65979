package io.updraft.api.view;

import java.util.List;

/**
 * A layered drawing of a DAG's tasks in SVG coordinates, coloured by one run's states; {@code
 * ganttHref} is that run's Gantt chart (null without a run).
 */
public record GraphView(
    String runId,
    String ganttHref,
    int width,
    int height,
    List<Node> nodes,
    List<Edge> edges,
    List<Expanded> expanded) {
  public static final int NODE_WIDTH = 150;
  public static final int NODE_HEIGHT = 34;

  /** The unfolded groups as the {@code expand} query parameter says them. */
  public String expandParam() {
    return String.join(",", expanded.stream().map(Expanded::groupId).toList());
  }

  /**
   * A task box, or a folded task group's ({@code group}, {@code taskId} its id); (x, y) is its
   * top-left corner. A group's box links to the page with it unfolded.
   */
  public record Node(
      String taskId, String state, String href, int x, int y, String label, boolean group) {
    public int textX() {
      return x + 10;
    }

    public int textY() {
      return y + 22;
    }
  }

  /** An unfolded task group and the page with it folded again. */
  public record Expanded(String groupId, String foldHref) {}

  /** A dependency, drawn as a curve from the upstream box's right to the downstream's left. */
  public record Edge(int x1, int y1, int x2, int y2) {
    public String path() {
      int mid = (x1 + x2) / 2;
      return "M" + x1 + "," + y1 + " C" + mid + "," + y1 + " " + mid + "," + y2 + " " + x2 + ","
          + y2;
    }
  }
}

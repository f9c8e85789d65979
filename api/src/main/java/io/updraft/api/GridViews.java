package io.updraft.api;

import io.updraft.api.view.GraphView;
import io.updraft.api.view.GridView;
import io.updraft.api.view.Layout;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.StoredDag;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.TaskState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a DAG's grid and graph from a DAG, its runs and their task instances: a pure function, so
 * the page's cost beyond the two queries can be measured on its own (see GridBenchmark).
 */
final class GridViews {
  private static final int LAYER_GAP = 200;
  private static final int ROW_GAP = 52;
  private static final int MARGIN = 12;

  private GridViews() {}

  /**
   * @param runsNewestFirst as the store returns them; the grid shows them oldest first
   * @param picked the run the graph colours, whose task instances are in {@code taskInstances};
   *     null for the newest
   */
  static GridView build(
      Layout layout,
      StoredDag dag,
      List<DagRun> runsNewestFirst,
      Map<Long, List<TaskInstance>> taskInstances,
      DagRun picked,
      Set<String> expandedGroups) {
    DagStructure s = dag.structure();
    List<DagRun> runs = runsNewestFirst.reversed();
    // Per run, each task's most urgent instance and, for mapped tasks only, all its instances.
    List<Map<String, TaskInstance>> byTask = new ArrayList<>(runs.size());
    List<Map<String, List<TaskInstance>>> mapped = new ArrayList<>(runs.size());
    List<String> runHrefs = new ArrayList<>(runs.size());
    Set<String> mappedTasks = new HashSet<>();
    for (DagRun run : runs) {
      Map<String, TaskInstance> tis = new HashMap<>();
      Map<String, List<TaskInstance>> instances = new HashMap<>();
      for (TaskInstance ti : taskInstances.getOrDefault(run.id(), List.of())) {
        tis.merge(ti.taskId(), ti, GridViews::moreUrgent);
        if (ti.mapIndex() >= 0) {
          instances.computeIfAbsent(ti.taskId(), k -> new ArrayList<>()).add(ti);
          mappedTasks.add(ti.taskId());
        }
      }
      byTask.add(tis);
      mapped.add(instances);
      runHrefs.add(Links.run(run.dagId(), run.runId()));
    }
    List<GridView.Row> rows = new ArrayList<>(s.tasks().size());
    for (GroupedRows.Item item : GroupedRows.of(s)) {
      List<GridView.Cell> cells = new ArrayList<>(runs.size());
      String taskPath = "/tasks/" + Links.segment(item.id());
      for (int i = 0; i < runs.size(); i++) {
        cells.add(
            item.group()
                ? groupCell(item, byTask.get(i), runs.get(i))
                : taskCell(
                    item.id(),
                    runHrefs.get(i) + taskPath,
                    byTask.get(i),
                    mapped.get(i).get(item.id()),
                    runs.get(i)));
      }
      rows.add(
          new GridView.Row(
              item.id(),
              cells,
              item.label(),
              item.depth(),
              item.parent(),
              item.group(),
              mappedTasks.contains(item.id())));
    }
    DagRun selected =
        picked != null || runsNewestFirst.isEmpty() ? picked : runsNewestFirst.getFirst();
    List<DagRun> choices = new ArrayList<>(runsNewestFirst);
    if (selected != null && choices.stream().noneMatch(r -> r.id() == selected.id())) {
      // A run older than the grid's: still offered, so the picker shows what the graph shows.
      choices.add(selected);
    }
    Map<String, TaskInstance> selectedStates = new HashMap<>();
    if (selected != null) {
      taskInstances
          .getOrDefault(selected.id(), List.of())
          .forEach(ti -> selectedStates.merge(ti.taskId(), ti, GridViews::moreUrgent));
    }
    return new GridView(
        layout,
        dag.dagId(),
        s.description(),
        s.schedule(),
        dag.paused(),
        Links.dag(dag.dagId()),
        RunColumns.of(runs, taskInstances),
        rows,
        graph(dag.dagId(), s, selected, selectedStates, expandedGroups),
        choices.stream()
            .map(
                r ->
                    new GridView.RunChoice(
                        r.runId(),
                        r.runId() + " (" + r.state().wireName() + ")",
                        r.id() == selected.id()))
            .toList(),
        new GridView.Charts(
            Links.dag(dag.dagId()) + "/durations", Links.dag(dag.dagId()) + "/landing-times"),
        null);
  }

  /**
   * @param href the task instance's page in this run
   * @param instances a mapped task's instances in this run; null for a task that is not mapped
   */
  private static GridView.Cell taskCell(
      String taskId,
      String href,
      Map<String, TaskInstance> byTask,
      List<TaskInstance> instances,
      DagRun run) {
    TaskInstance ti = byTask.get(taskId);
    if (ti == null) {
      return new GridView.Cell("absent", null, taskId + " was not in this run", false);
    }
    String state = ti.state().wireName();
    if (instances == null) {
      return new GridView.Cell(state, href, taskId + " in " + run.runId() + ": " + state, false);
    }
    // The most urgent instance is the one to open; the title sums up the others.
    return new GridView.Cell(
        state,
        href + "?map_index=" + ti.mapIndex(),
        taskId + " in " + run.runId() + ": " + MappedSummary.of(instances),
        true);
  }

  /** A group's cell shows its task that most needs a look, and links to that task. */
  private static GridView.Cell groupCell(
      GroupedRows.Item group, Map<String, TaskInstance> byTask, DagRun run) {
    TaskInstance shown = null;
    for (String member : group.members()) {
      TaskInstance ti = byTask.get(member);
      if (ti != null) {
        shown = shown == null ? ti : moreUrgent(shown, ti);
      }
    }
    if (shown == null) {
      return new GridView.Cell(
          "absent", null, "group " + group.id() + " was not in this run", false);
    }
    String state = shown.state().wireName();
    return new GridView.Cell(
        state,
        Links.task(run.dagId(), run.runId(), shown.taskId()),
        "group "
            + group.id()
            + " ("
            + group.members().size()
            + " tasks) in "
            + run.runId()
            + ": "
            + state
            + " ("
            + shown.taskId()
            + ")",
        false);
  }

  /**
   * A layered layout: a box's column is its depth, its row its place within that depth. Task groups
   * not in {@code expandedGroups} are one box each, which links to the page with it expanded.
   */
  static GraphView graph(
      String dagId,
      DagStructure s,
      DagRun selected,
      Map<String, TaskInstance> states,
      Set<String> requestedGroups) {
    // The query names groups; only the DAG's own are unfolded or shown back.
    Set<String> expandedGroups = new java.util.TreeSet<>();
    s.tasks()
        .forEach(
            t ->
                t.groups().stream().filter(requestedGroups::contains).forEach(expandedGroups::add));
    FoldedGraph folded = new FoldedGraph(s, expandedGroups);
    Map<String, Integer> layers = folded.layers();
    Map<Integer, Integer> filled = new HashMap<>();
    Map<String, GraphView.Node> nodes = new HashMap<>();
    List<GraphView.Node> ordered = new ArrayList<>();
    int width = 0;
    int height = 0;
    for (FoldedGraph.Box box : folded.boxes()) {
      int layer = layers.get(box.id());
      int row = filled.merge(layer, 1, Integer::sum) - 1;
      int x = MARGIN + layer * LAYER_GAP;
      int y = MARGIN + row * ROW_GAP;
      GraphView.Node node =
          box.group()
              ? groupNode(dagId, box, selected, states, expandedGroups, x, y)
              : taskNode(dagId, box.id(), selected, states, x, y);
      nodes.put(box.id(), node);
      ordered.add(node);
      width = Math.max(width, x + GraphView.NODE_WIDTH + MARGIN);
      height = Math.max(height, y + GraphView.NODE_HEIGHT + MARGIN);
    }
    List<GraphView.Edge> edges = new ArrayList<>();
    for (FoldedGraph.Box box : folded.boxes()) {
      GraphView.Node to = nodes.get(box.id());
      for (String up : folded.upstreamOf(box.id())) {
        GraphView.Node from = nodes.get(up);
        edges.add(
            new GraphView.Edge(
                from.x() + GraphView.NODE_WIDTH,
                from.y() + GraphView.NODE_HEIGHT / 2,
                to.x(),
                to.y() + GraphView.NODE_HEIGHT / 2));
      }
    }
    List<GraphView.Expanded> expanded =
        expandedGroups.stream()
            .sorted()
            .map(
                g ->
                    new GraphView.Expanded(
                        g, graphLink(dagId, selected, without(expandedGroups, g))))
            .toList();
    return new GraphView(
        selected == null ? null : selected.runId(),
        selected == null ? null : Links.run(dagId, selected.runId()) + "/gantt",
        width,
        height,
        ordered,
        edges,
        expanded);
  }

  private static GraphView.Node taskNode(
      String dagId,
      String taskId,
      DagRun selected,
      Map<String, TaskInstance> states,
      int x,
      int y) {
    TaskInstance ti = states.get(taskId);
    return new GraphView.Node(
        taskId,
        ti == null ? "none" : ti.state().wireName(),
        selected == null ? null : Links.task(dagId, selected.runId(), taskId),
        x,
        y,
        taskId,
        false);
  }

  private static GraphView.Node groupNode(
      String dagId,
      FoldedGraph.Box box,
      DagRun selected,
      Map<String, TaskInstance> states,
      Set<String> expandedGroups,
      int x,
      int y) {
    TaskInstance shown = null;
    for (String member : box.members()) {
      TaskInstance ti = states.get(member);
      if (ti != null) {
        shown = shown == null ? ti : moreUrgent(shown, ti);
      }
    }
    Set<String> withIt = new java.util.TreeSet<>(expandedGroups);
    withIt.add(box.id());
    return new GraphView.Node(
        box.id(),
        shown == null ? "none" : shown.state().wireName(),
        graphLink(dagId, selected, withIt),
        x,
        y,
        // A group's own id: its full id says which groups it is in, the title says it whole.
        "\u25B8 "
            + box.id().substring(box.id().lastIndexOf('.') + 1)
            + " ("
            + box.members().size()
            + ")",
        true);
  }

  private static Set<String> without(Set<String> groups, String group) {
    Set<String> rest = new java.util.TreeSet<>(groups);
    rest.removeIf(g -> g.equals(group) || g.startsWith(group + "."));
    return rest;
  }

  /** The DAG's page showing {@code selected}'s graph with {@code expanded} groups open. */
  private static String graphLink(String dagId, DagRun selected, Set<String> expanded) {
    StringBuilder href = new StringBuilder(Links.dag(dagId));
    String sep = "?";
    if (selected != null) {
      href.append(sep).append("run_id=").append(Links.query(selected.runId()));
      sep = "&";
    }
    if (!expanded.isEmpty()) {
      href.append(sep).append("expand=").append(Links.query(String.join(",", expanded)));
    }
    return href.append("#graph").toString();
  }

  /**
   * The states a mapped task's cell shows first: what is wrong or under way before what is done.
   */
  private static final List<TaskState> URGENCY =
      List.of(
          TaskState.FAILED,
          TaskState.UPSTREAM_FAILED,
          TaskState.UP_FOR_RETRY,
          TaskState.RUNNING,
          TaskState.UP_FOR_RESCHEDULE,
          TaskState.QUEUED,
          TaskState.SCHEDULED,
          TaskState.NONE,
          TaskState.SUCCESS,
          TaskState.SKIPPED);

  static TaskInstance moreUrgent(TaskInstance a, TaskInstance b) {
    return URGENCY.indexOf(b.state()) < URGENCY.indexOf(a.state()) ? b : a;
  }
}

package io.updraft.api;

import io.updraft.api.view.GraphView;
import io.updraft.api.view.GridView;
import io.updraft.api.view.Layout;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.TaskNode;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.StoredDag;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.TaskState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
   * @param selectedRunId the run the graph colours; null for the newest
   */
  static GridView build(
      Layout layout,
      StoredDag dag,
      List<DagRun> runsNewestFirst,
      Map<Long, List<TaskInstance>> taskInstances,
      String selectedRunId) {
    DagStructure s = dag.structure();
    List<DagRun> runs = runsNewestFirst.reversed();
    List<GridView.Column> columns = new ArrayList<>(runs.size());
    // Per run, the state of each task by id: one map per run, built once.
    List<Map<String, TaskInstance>> byTask = new ArrayList<>(runs.size());
    List<Map<String, Integer>> counts = new ArrayList<>(runs.size());
    for (DagRun run : runs) {
      columns.add(
          new GridView.Column(
              run.runId(),
              run.state().wireName(),
              Links.run(run.dagId(), run.runId()),
              NextRun.TIME.format(run.logicalDate())));
      Map<String, TaskInstance> tis = new HashMap<>();
      Map<String, Integer> instances = new HashMap<>();
      for (TaskInstance ti : taskInstances.getOrDefault(run.id(), List.of())) {
        // A mapped task's cell shows the instance that most needs a look.
        tis.merge(ti.taskId(), ti, GridViews::moreUrgent);
        instances.merge(ti.taskId(), 1, Integer::sum);
      }
      byTask.add(tis);
      counts.add(instances);
    }
    List<GridView.Row> rows = new ArrayList<>(s.tasks().size());
    for (TaskNode task : s.tasks()) {
      List<GridView.Cell> cells = new ArrayList<>(runs.size());
      for (int i = 0; i < runs.size(); i++) {
        TaskInstance ti = byTask.get(i).get(task.taskId());
        DagRun run = runs.get(i);
        if (ti == null) {
          cells.add(new GridView.Cell("absent", null, task.taskId() + " was not in this run"));
        } else {
          String state = ti.state().wireName();
          cells.add(
              new GridView.Cell(
                  state,
                  Links.task(dag.dagId(), run.runId(), task.taskId()),
                  task.taskId()
                      + mapped(counts.get(i).get(task.taskId()))
                      + " in "
                      + run.runId()
                      + ": "
                      + state));
        }
      }
      rows.add(new GridView.Row(task.taskId(), cells));
    }
    DagRun selected =
        runsNewestFirst.stream()
            .filter(r -> r.runId().equals(selectedRunId))
            .findFirst()
            .orElse(runsNewestFirst.isEmpty() ? null : runsNewestFirst.getFirst());
    Map<String, TaskInstance> selectedStates = new HashMap<>();
    if (selected != null) {
      taskInstances
          .getOrDefault(selected.id(), List.of())
          .forEach(ti -> selectedStates.put(ti.taskId(), ti));
    }
    return new GridView(
        layout,
        dag.dagId(),
        s.description(),
        s.schedule(),
        dag.paused(),
        Links.dag(dag.dagId()),
        columns,
        rows,
        graph(dag.dagId(), s, selected, selectedStates));
  }

  /** A layered layout: a task's column is its depth, its row its place within that depth. */
  static GraphView graph(
      String dagId, DagStructure s, DagRun selected, Map<String, TaskInstance> states) {
    Map<String, Integer> layers = Graphs.layers(s);
    Map<Integer, Integer> filled = new HashMap<>();
    Map<String, GraphView.Node> nodes = new HashMap<>();
    List<GraphView.Node> ordered = new ArrayList<>();
    int width = 0;
    int height = 0;
    for (TaskNode task : s.tasks()) {
      int layer = layers.get(task.taskId());
      int row = filled.merge(layer, 1, Integer::sum) - 1;
      int x = MARGIN + layer * LAYER_GAP;
      int y = MARGIN + row * ROW_GAP;
      TaskInstance ti = states.get(task.taskId());
      GraphView.Node node =
          new GraphView.Node(
              task.taskId(),
              ti == null ? "none" : ti.state().wireName(),
              selected == null ? null : Links.task(dagId, selected.runId(), task.taskId()),
              x,
              y);
      nodes.put(task.taskId(), node);
      ordered.add(node);
      width = Math.max(width, x + GraphView.NODE_WIDTH + MARGIN);
      height = Math.max(height, y + GraphView.NODE_HEIGHT + MARGIN);
    }
    List<GraphView.Edge> edges = new ArrayList<>();
    for (TaskNode task : s.tasks()) {
      GraphView.Node to = nodes.get(task.taskId());
      for (String up : task.upstream()) {
        GraphView.Node from = nodes.get(up);
        if (from != null) {
          edges.add(
              new GraphView.Edge(
                  from.x() + GraphView.NODE_WIDTH,
                  from.y() + GraphView.NODE_HEIGHT / 2,
                  to.x(),
                  to.y() + GraphView.NODE_HEIGHT / 2));
        }
      }
    }
    return new GraphView(selected == null ? null : selected.runId(), width, height, ordered, edges);
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

  private static TaskInstance moreUrgent(TaskInstance a, TaskInstance b) {
    return URGENCY.indexOf(b.state()) < URGENCY.indexOf(a.state()) ? b : a;
  }

  private static String mapped(Integer instances) {
    return instances == null || instances < 2 ? "" : " (" + instances + " mapped instances)";
  }
}

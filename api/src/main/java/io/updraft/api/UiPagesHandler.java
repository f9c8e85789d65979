package io.updraft.api;

import io.javalin.http.Context;
import io.updraft.api.view.GridView;
import io.updraft.api.view.Layout;
import io.updraft.api.view.PoolsView;
import io.updraft.api.view.RunView;
import io.updraft.api.view.TaskView;
import io.updraft.api.view.WorkersView;
import io.updraft.core.json.Json;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.PoolStore;
import io.updraft.core.run.RenderedFieldsStore;
import io.updraft.core.run.RunBrowser;
import io.updraft.core.run.RunFilter;
import io.updraft.core.run.RunStore;
import io.updraft.core.run.StoredDag;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.run.TaskLogStore;
import io.updraft.core.run.TaskTry;
import io.updraft.core.run.XComEntry;
import io.updraft.core.state.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The UI's read-only pages beyond the DAGs list: a DAG, a run, a task instance, pools, workers. */
final class UiPagesHandler {
  static final int DEFAULT_GRID_RUNS = 25;

  private final ApiLookup lookup;
  private final RunStore runs;
  private final RunBrowser browser;

  /** Log lines a task page shows at first; the "Load earlier lines" button pages back. */
  static final int TAIL_LINES = 1_000;

  private final TaskLogStore logs;
  private final RenderedFieldsStore renderedFields;
  private final PoolStore pools;
  private final WorkersHandler workers;
  private final Templates templates;

  UiPagesHandler(
      ApiLookup lookup,
      RunStore runs,
      RunBrowser browser,
      TaskLogStore logs,
      RenderedFieldsStore renderedFields,
      PoolStore pools,
      WorkersHandler workers,
      Templates templates) {
    this.lookup = lookup;
    this.runs = runs;
    this.browser = browser;
    this.logs = logs;
    this.renderedFields = renderedFields;
    this.pools = pools;
    this.workers = workers;
    this.templates = templates;
  }

  void dag(Context ctx) {
    StoredDag dag = lookup.dag(ctx.pathParam("dag_id"));
    int count = RunsParameter.of(ctx, DEFAULT_GRID_RUNS);
    List<DagRun> recent = browser.runs(RunFilter.all(dag.dagId()), count, 0).runs();
    DagRun picked = pickedRun(ctx, dag.dagId(), recent);
    List<Long> ids = new java.util.ArrayList<>(recent.stream().map(DagRun::id).toList());
    if (picked != null && !ids.contains(picked.id())) {
      ids.add(picked.id());
    }
    Map<Long, List<TaskInstance>> tis = browser.taskInstances(ids);
    boolean active = recent.stream().anyMatch(r -> !r.state().isTerminal());
    Layout layout = UiHandler.layout(ctx, dag.dagId());
    GridView view =
        GridViews.build(
            active ? layout.refreshingEvery(UiHandler.REFRESH_SECONDS) : layout,
            dag,
            recent,
            tis,
            picked,
            expandedGroups(ctx.queryParam("expand")));
    if (ctx.queryParam("runs") != null) {
      view = view.askingForRuns(count);
    }
    templates.html(ctx, "dag.jte", view);
  }

  /**
   * The run the graph shows, {@code ?run_id=} ({@code ?run=} in older links); null for the newest.
   * An unknown run is a 404 naming it, not the newest run in its place.
   */
  private DagRun pickedRun(Context ctx, String dagId, List<DagRun> recent) {
    String runId = ctx.queryParam("run_id");
    if (runId == null) {
      runId = ctx.queryParam("run");
    }
    if (runId == null || runId.isEmpty()) {
      return null;
    }
    String wanted = runId;
    return recent.stream()
        .filter(r -> r.runId().equals(wanted))
        .findFirst()
        .orElseGet(() -> lookup.run(dagId, wanted));
  }

  /** The graph's unfolded groups, {@code ?expand=a,a.b}; names no group matches do nothing. */
  private static java.util.Set<String> expandedGroups(String param) {
    if (param == null || param.isBlank()) {
      return java.util.Set.of();
    }
    java.util.Set<String> groups = new java.util.TreeSet<>();
    for (String g : param.split(",", 64)) {
      if (!g.isBlank()) {
        groups.add(g.strip());
      }
    }
    return groups;
  }

  void run(Context ctx) {
    DagRun run = lookup.run(ctx.pathParam("dag_id"), ctx.pathParam("dag_run_id"));
    List<RunView.TaskRow> tasks =
        runs.taskInstances(run.id()).stream()
            .map(
                ti ->
                    new RunView.TaskRow(
                        ti.taskId(),
                        Links.task(run.dagId(), run.runId(), ti.taskId()),
                        ti.state().wireName(),
                        ti.tryNumber(),
                        ti.worker(),
                        text(ti.startDate()),
                        text(ti.endDate()),
                        duration(ti.startDate(), ti.endDate())))
            .toList();
    Layout layout = UiHandler.layout(ctx, run.runId());
    templates.html(
        ctx,
        "run.jte",
        new RunView(
            run.state().isTerminal() ? layout : layout.refreshingEvery(UiHandler.REFRESH_SECONDS),
            run.dagId(),
            Links.dag(run.dagId()),
            run.runId(),
            Links.run(run.dagId(), run.runId()),
            run.runType().wireName(),
            run.state().wireName(),
            text(run.logicalDate()),
            text(run.startDate()),
            text(run.endDate()),
            pretty(Json.write(run.conf())),
            tasks,
            browser.deadlineMisses(run.dagId(), run.runId(), 100, 0).stream()
                .map(
                    m ->
                        new RunView.MissRow(
                            m.taskId() == null ? "the run" : "task " + m.taskId(),
                            text(m.deadline()),
                            text(m.detectedAt())))
                .toList()));
  }

  void task(Context ctx) {
    TaskInstance ti =
        lookup.taskInstance(
            ctx.pathParam("dag_id"),
            ctx.pathParam("dag_run_id"),
            ctx.pathParam("task_id"),
            ctx.queryParam("map_index"));
    String tryParam = ctx.queryParam("try");
    int logTry = tryParam == null ? Math.max(1, ti.tryNumber()) : ApiLookup.tryNumber(tryParam, ti);
    String href = Links.task(ti.dagId(), ti.runId(), ti.taskId());
    List<TaskTry> tries = browser.tries(ti.id());
    List<TaskView.TryRow> tryRows =
        tries.stream()
            .map(
                t ->
                    new TaskView.TryRow(
                        t.tryNumber(),
                        t.state(),
                        t.worker(),
                        text(t.startDate()),
                        text(t.endDate()),
                        duration(t.startDate(), t.endDate()),
                        href + "?try=" + t.tryNumber(),
                        t.tryNumber() == logTry))
            .toList();
    List<TaskView.XComRow> xcoms =
        browser.xcoms(ti.dagRunId(), ti.taskId()).stream()
            .map((XComEntry x) -> new TaskView.XComRow(x.key(), pretty(x.json())))
            .toList();
    boolean follows =
        logTry == ti.tryNumber()
            && (ti.state() == TaskState.RUNNING
                || ti.state() == TaskState.QUEUED
                || ti.state() == TaskState.SCHEDULED
                || ti.state() == TaskState.NONE);
    String logApi =
        "/api/v1/dags/"
            + Links.segment(ti.dagId())
            + "/dagRuns/"
            + Links.segment(ti.runId())
            + "/taskInstances/"
            + Links.segment(ti.taskId())
            + "/logs/"
            + logTry;
    // Only the tail goes into the page: a try may have logged up to logs.max_bytes_per_try.
    int total = logs.lineCount(ti.id(), logTry);
    int tailStart = Math.max(0, total - TAIL_LINES);
    List<String> tail = logs.lines(ti.id(), logTry, tailStart, TAIL_LINES);
    templates.html(
        ctx,
        "task.jte",
        new TaskView(
            UiHandler.layout(ctx, ti.taskId()),
            ti.dagId(),
            Links.dag(ti.dagId()),
            ti.runId(),
            Links.run(ti.dagId(), ti.runId()),
            ti.taskId(),
            href,
            ti.state().wireName(),
            ti.tryNumber(),
            ti.maxTries(),
            ti.worker(),
            ti.queue(),
            ti.pool(),
            text(ti.startDate()),
            text(ti.endDate()),
            tryRows,
            xcoms,
            logTry,
            tail,
            tailStart,
            logApi,
            follows,
            renderedFields.read(ti.id(), logTry).stream()
                .map(f -> new TaskView.RenderedRow(f.template(), f.rendered()))
                .toList(),
            definition(ti)));
  }

  /** From the DAG's latest code, as Airflow shows a task's doc: a run keeps no copy of it. */
  private TaskView.Definition definition(TaskInstance ti) {
    return lookup
        .dag(ti.dagId())
        .structure()
        .task(ti.taskId())
        .map(
            node ->
                new TaskView.Definition(
                    node.role() == null ? "" : node.role().wireName(),
                    node.doc() == null ? "" : node.doc()))
        .orElse(TaskView.Definition.NONE);
  }

  void pools(Context ctx) {
    List<PoolsView.PoolRow> rows =
        pools.list().stream()
            .map(
                p ->
                    new PoolsView.PoolRow(
                        p.name(),
                        p.slots(),
                        p.occupied(),
                        p.queued(),
                        p.openSlots(),
                        p.description()))
            .toList();
    templates.html(ctx, "pools.jte", new PoolsView(UiHandler.layout(ctx, "Pools"), rows));
  }

  void workers(Context ctx) {
    List<WorkersView.WorkerRow> rows =
        workers.workers().stream()
            .map(
                w ->
                    new WorkersView.WorkerRow(
                        w.name(),
                        w.hostname(),
                        String.join(", ", w.queues()),
                        w.slots(),
                        w.running(),
                        text(w.startedAt()),
                        text(w.lastSeen()),
                        workers.alive(w)))
            .toList();
    templates.html(
        ctx,
        "workers.jte",
        new WorkersView(
            UiHandler.layout(ctx, "Workers").refreshingEvery(UiHandler.REFRESH_SECONDS * 2), rows));
  }

  static String text(Instant at) {
    return at == null ? "" : NextRun.TIME.format(at);
  }

  static String duration(Instant start, Instant end) {
    if (start == null || end == null) {
      return "";
    }
    return duration(Duration.between(start, end));
  }

  static String duration(Duration d) {
    return d.toSeconds() < 60
        ? String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0)
        : d.toMinutes() + " min " + d.toSecondsPart() + " s";
  }

  static String pretty(String json) {
    try {
      return Json.MAPPER
          .writerWithDefaultPrettyPrinter()
          .writeValueAsString(Json.MAPPER.readTree(json));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return json;
    }
  }

  static String joined(List<String> values) {
    return values.stream().collect(Collectors.joining(", "));
  }
}

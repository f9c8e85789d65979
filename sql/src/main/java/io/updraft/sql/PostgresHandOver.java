package io.updraft.sql;

import io.updraft.core.run.DagRun;
import io.updraft.core.run.HandOver;
import io.updraft.core.run.HandedOver;
import io.updraft.core.run.RunStart;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Result;

/**
 * Calls the database functions of the repeatable migrations ({@code R__updraft_*.sql}), each one
 * statement that commits on its own: {@code updraft_hand_over} (a task's success, its downstream
 * tasks queued and one of them claimed) and {@code updraft_start_runs} (runs started and their root
 * tasks queued).
 */
final class PostgresHandOver {
  static final FunctionCall HAND_OVER =
      FunctionCall.of(
          "updraft_hand_over",
          "p_run bigint",
          "p_dag text",
          "p_ti bigint",
          "p_try integer",
          "p_at timestamptz",
          "p_down text[]",
          "p_pair_down text[]",
          "p_pair_up text[]",
          "p_max_active integer",
          "p_worker text",
          "p_takeable text[]",
          "p_log text");

  static final FunctionCall START_RUNS =
      FunctionCall.of(
          "updraft_start_runs",
          "p_at timestamptz",
          "p_runs bigint[]",
          "p_dags text[]",
          "p_max_active_runs integer[]",
          "p_max_active integer[]",
          "p_root_runs bigint[]",
          "p_roots text[]");

  private static final String CALL = "select * from " + HAND_OVER.call();

  private static final String START = "select * from " + START_RUNS.call();

  private PostgresHandOver() {}

  static Map<Long, HandedOver> startAll(DSLContext dsl, List<RunStart> starts, Instant at) {
    if (starts.isEmpty()) {
      return Map.of();
    }
    int n = starts.size();
    Long[] runIds = new Long[n];
    String[] dagIds = new String[n];
    Integer[] maxRuns = new Integer[n];
    Integer[] maxTasks = new Integer[n];
    List<Long> rootRuns = new ArrayList<>();
    List<String> roots = new ArrayList<>();
    Map<Long, DagRun> byId = new HashMap<>();
    for (int k = 0; k < n; k++) {
      RunStart start = starts.get(k);
      runIds[k] = start.run().id();
      dagIds[k] = start.run().dagId();
      maxRuns[k] = start.maxActiveRuns();
      maxTasks[k] = start.maxActiveTasks();
      byId.put(start.run().id(), start.run());
      for (String root : start.roots()) {
        rootRuns.add(start.run().id());
        roots.add(root);
      }
    }
    Result<Record> rows =
        dsl.resultQuery(
                START,
                at.toString(),
                runIds,
                dagIds,
                maxRuns,
                maxTasks,
                rootRuns.toArray(Long[]::new),
                roots.toArray(String[]::new))
            .fetch();
    return started(rows, byId, at);
  }

  /**
   * The runs that started among the rows of {@code updraft_start_runs}, with their tasks; {@code
   * byId} has each run given to it.
   */
  static Map<Long, HandedOver> started(List<Record> rows, Map<Long, DagRun> byId, Instant at) {
    // Each run's 'started' row is followed by its tasks' rows, up to the next run's row.
    Map<Long, HandedOver> started = new LinkedHashMap<>();
    int k = 0;
    while (k < rows.size()) {
      Record head = rows.get(k);
      int end = k + 1;
      while (end < rows.size() && !isRunRow(rows.get(end))) {
        end++;
      }
      if ("started".equals(head.get("kind", String.class))) {
        DagRun run = byId.get(head.get("id", Long.class));
        started.put(run.id(), tasks(rows.subList(k + 1, end), run, null, at));
      }
      k = end;
    }
    return started;
  }

  private static boolean isRunRow(Record r) {
    String kind = r.get("kind", String.class);
    return kind.equals("started") || kind.equals("not started");
  }

  static Optional<HandedOver> handOver(DSLContext dsl, HandOver h) {
    List<String> pairDown = new ArrayList<>();
    List<String> pairUp = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : h.downstream().entrySet()) {
      for (String up : e.getValue()) {
        pairDown.add(e.getKey());
        pairUp.add(up);
      }
    }
    Result<Record> rows =
        dsl.resultQuery(
                CALL,
                h.run().id(),
                h.run().dagId(),
                h.outcome().taskInstanceId(),
                h.outcome().tryNumber(),
                h.outcome().at().toString(),
                h.downstream().keySet().toArray(String[]::new),
                pairDown.toArray(String[]::new),
                pairUp.toArray(String[]::new),
                h.maxActiveTasks(),
                h.worker(),
                h.takeable().toArray(String[]::new),
                h.logLines().isEmpty() ? null : String.join("\n", h.logLines()))
            .fetch();
    if (rows.isEmpty() || "missed".equals(rows.getFirst().get("kind", String.class))) {
      return Optional.empty();
    }
    return Optional.of(tasks(rows.subList(1, rows.size()), h.run(), h.worker(), h.outcome().at()));
  }

  /** What became of each task looked at, from its rows. */
  private static HandedOver tasks(List<Record> rows, DagRun run, String worker, Instant at) {
    List<TaskInstance> queued = new ArrayList<>();
    TaskInstance taken = null;
    int waiting = 0;
    for (Record r : rows) {
      switch (r.get("kind", String.class)) {
        case "queued" -> queued.add(row(r, run, TaskState.QUEUED, null, at));
        case "running" -> taken = row(r, run, TaskState.RUNNING, worker, at);
        case "waiting" -> waiting++;
        default -> {} // scheduled: the scheduler queues it when there is room
      }
    }
    return new HandedOver(queued, Optional.ofNullable(taken), waiting);
  }

  private static TaskInstance row(
      Record r, DagRun run, TaskState state, String worker, Instant at) {
    Integer weight = r.get("priority_weight", Integer.class);
    boolean running = state == TaskState.RUNNING;
    return TaskInstance.builder(r.get("id", Long.class), r.get("task_id", String.class))
        .dagRunId(run.id())
        .dagId(run.dagId())
        .runId(run.runId())
        .state(state)
        .tryNumber(r.get("try_number", Integer.class))
        .maxTries(r.get("max_tries", Integer.class))
        .queue(r.get("queue", String.class))
        .pool(r.get("pool", String.class))
        .priorityWeight(weight == null ? 1 : weight)
        .worker(worker)
        .queuedAt(at)
        .startDate(running ? at : null)
        .heartbeatAt(running ? at : null)
        .build();
  }
}

package io.updraft.sql;

import io.updraft.core.run.DagRun;
import io.updraft.core.run.HandOver;
import io.updraft.core.run.HandedOver;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Result;

/**
 * Calls the functions of migration V032, each one statement that commits on its own: {@code
 * updraft_hand_over} (a task's success, its downstream tasks queued and one of them claimed) and
 * {@code updraft_start_run} (a run started and its root tasks queued).
 */
final class PostgresHandOver {
  private static final String CALL =
      "select * from updraft_hand_over(?, ?, ?, ?, ?::timestamptz, ?::text[], ?::text[], ?::text[],"
          + " ?, ?, ?::text[], ?)";

  private static final String START =
      "select * from updraft_start_run(?, ?, ?::timestamptz, ?, ?::text[], ?)";

  private PostgresHandOver() {}

  static Optional<HandedOver> start(
      DSLContext dsl,
      DagRun run,
      int maxActiveRuns,
      int maxActiveTasks,
      List<String> roots,
      Instant at) {
    Result<Record> rows =
        dsl.resultQuery(
                START,
                run.id(),
                run.dagId(),
                at.toString(),
                maxActiveRuns,
                roots.toArray(String[]::new),
                maxActiveTasks)
            .fetch();
    if (rows.isEmpty() || !"started".equals(rows.getFirst().get("kind", String.class))) {
      return Optional.empty();
    }
    return Optional.of(tasks(rows, run, null, at));
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
    return Optional.of(tasks(rows, h.run(), h.worker(), h.outcome().at()));
  }

  /** The rows after the first: what became of each task looked at. */
  private static HandedOver tasks(Result<Record> rows, DagRun run, String worker, Instant at) {
    List<TaskInstance> queued = new ArrayList<>();
    TaskInstance taken = null;
    int waiting = 0;
    for (Record r : rows.subList(1, rows.size())) {
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
    return new TaskInstance(
        r.get("id", Long.class),
        run.id(),
        run.dagId(),
        run.runId(),
        r.get("task_id", String.class),
        state,
        r.get("try_number", Integer.class),
        r.get("max_tries", Integer.class),
        r.get("queue", String.class),
        r.get("pool", String.class),
        weight == null ? 1 : weight,
        worker,
        at,
        state == TaskState.RUNNING ? at : null,
        null,
        state == TaskState.RUNNING ? at : null,
        null);
  }
}

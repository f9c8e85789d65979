package io.updraft.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.TaskNode;
import io.updraft.core.run.DagPage;
import io.updraft.core.run.DagQuery;
import io.updraft.core.run.DagStore;
import io.updraft.core.run.NextRuns;
import io.updraft.core.run.RunStore;
import io.updraft.core.run.StoredDag;
import io.updraft.core.schedule.DataInterval;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code /api/v1/dags}: the DAGs the scheduler stored, from the {@code dag} table only. */
final class DagsHandler {
  record DagJson(
      String dagId,
      String description,
      String scheduleInterval,
      String timezone,
      boolean isPaused,
      List<String> tags,
      List<String> owners,
      String versionHash,
      Instant startDate,
      boolean catchup,
      int taskCount,
      Instant lastParsedTime,
      Instant nextDagrun,
      Instant nextDagrunDataIntervalStart,
      Instant nextDagrunDataIntervalEnd,
      Instant nextDagrunCreateAfter) {

    static DagJson of(StoredDag dag, RunStore runs, Clock clock) {
      return of(dag, NextRun.of(dag.structure(), runs, clock));
    }

    static DagJson of(StoredDag dag, Optional<DataInterval> next) {
      DagStructure s = dag.structure();
      return new DagJson(
          dag.dagId(),
          s.description(),
          s.schedule(),
          s.timezone(),
          dag.paused(),
          s.tags(),
          s.owners(),
          dag.versionHash(),
          s.startDate(),
          s.catchup(),
          s.tasks().size(),
          dag.updatedAt(),
          next.map(DataInterval::start).orElse(null),
          next.map(DataInterval::start).orElse(null),
          next.map(DataInterval::end).orElse(null),
          next.map(DataInterval::end).orElse(null));
    }
  }

  record TaskJson(
      String taskId,
      String operator,
      List<String> upstreamTaskIds,
      List<String> downstreamTaskIds,
      int retries,
      long retryDelaySeconds,
      String queue,
      String pool,
      int priorityWeight,
      String triggerRule,
      @JsonInclude(JsonInclude.Include.NON_NULL) String role,
      @JsonInclude(JsonInclude.Include.NON_NULL) String doc) {}

  record DagDetailJson(@JsonUnwrapped DagJson dag, List<TaskJson> tasks) {}

  record DagList(List<DagJson> dags, int totalEntries) {}

  private final ApiLookup lookup;
  private final DagStore dags;
  private final RunStore runs;
  private final Clock clock;

  DagsHandler(ApiLookup lookup, DagStore dags, RunStore runs, Clock clock) {
    this.lookup = lookup;
    this.dags = dags;
    this.runs = runs;
    this.clock = clock;
  }

  void list(Context ctx) {
    int limit = Paging.limit(ctx);
    int offset = Paging.offset(ctx);
    String paused = ctx.queryParam("paused");
    DagQuery query =
        new DagQuery(
            ctx.queryParam("dag_id_pattern"),
            false,
            ctx.queryParams("tags"),
            null,
            paused == null ? null : Boolean.parseBoolean(paused),
            null);
    // The store filters and pages in SQL; only the page's DAGs are read, with their latest
    // scheduled intervals in one query.
    DagPage page = dags.page(query, offset, limit);
    List<String> ids = page.dags().stream().map(StoredDag::dagId).toList();
    Map<String, DataInterval> scheduled = runs.lastScheduledIntervals(ids);
    Instant now = clock.instant();
    List<DagJson> json =
        page.dags().stream()
            .map(
                d ->
                    DagJson.of(
                        d,
                        NextRuns.next(
                            d.structure(), Optional.ofNullable(scheduled.get(d.dagId())), now)))
            .toList();
    ctx.json(new DagList(json, page.totalEntries(query)));
  }

  void get(Context ctx) {
    StoredDag dag = lookup.dag(ctx.pathParam("dag_id"));
    ctx.json(detail(dag));
  }

  /** {@code PATCH}: only {@code is_paused} can change; the rest comes from the DAG's code. */
  void patch(Context ctx) {
    StoredDag dag = lookup.dag(ctx.pathParam("dag_id"));
    JsonNode body = JsonBodies.object(ctx, "is_paused");
    JsonNode paused = body.get("is_paused");
    if (paused == null || !paused.isBoolean() || body.size() != 1) {
      throw ApiProblem.badRequest(
          "PATCH /api/v1/dags/"
              + dag.dagId()
              + " takes {\"is_paused\": true} or {\"is_paused\": false}; everything else about a"
              + " DAG comes from its code.");
    }
    dags.setPaused(dag.dagId(), paused.booleanValue());
    ctx.json(DagJson.of(lookup.dag(dag.dagId()), runs, clock));
  }

  private DagDetailJson detail(StoredDag dag) {
    DagStructure s = dag.structure();
    Map<String, List<String>> downstream = Graphs.downstream(s);
    List<TaskJson> tasks =
        s.tasks().stream()
            .map(
                (TaskNode t) ->
                    new TaskJson(
                        t.taskId(),
                        t.kind(),
                        t.upstream(),
                        downstream.get(t.taskId()),
                        t.retries(),
                        t.retryDelaySeconds(),
                        t.queue(),
                        t.pool(),
                        t.priorityWeight(),
                        t.triggerRule().wireName(),
                        t.role() == null ? null : t.role().wireName(),
                        t.doc()))
            .toList();
    return new DagDetailJson(DagJson.of(dag, runs, clock), tasks);
  }
}

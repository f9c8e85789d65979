package io.updraft.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.TaskNode;
import io.updraft.core.run.DagStore;
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
      DagStructure s = dag.structure();
      Optional<DataInterval> next = NextRun.of(s, runs, clock);
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
    List<String> tags = ctx.queryParams("tags");
    String paused = ctx.queryParam("paused");
    String pattern = ctx.queryParam("dag_id_pattern");
    List<StoredDag> matching =
        dags.list().stream()
            .filter(d -> tags.isEmpty() || d.structure().tags().stream().anyMatch(tags::contains))
            .filter(d -> paused == null || Boolean.parseBoolean(paused) == d.paused())
            .filter(d -> pattern == null || d.dagId().contains(pattern))
            .toList();
    // Only the page's DAGs read their latest scheduled run.
    List<DagJson> page =
        matching
            .subList(Math.min(offset, matching.size()), Math.min(offset + limit, matching.size()))
            .stream()
            .map(d -> DagJson.of(d, runs, clock))
            .toList();
    ctx.json(new DagList(page, matching.size()));
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

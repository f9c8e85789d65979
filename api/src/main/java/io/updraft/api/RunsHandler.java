package io.updraft.api;

import io.javalin.http.Context;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.RunStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code GET /api/v1/dags/{dag_id}/dagRuns}: a DAG's most recent runs, newest first. */
final class RunsHandler {
  static final int DEFAULT_LIMIT = 25;
  static final int MAX_LIMIT = 500;

  record DagRunJson(
      String dagId,
      String dagRunId,
      String runType,
      String state,
      Instant logicalDate,
      Instant dataIntervalStart,
      Instant dataIntervalEnd,
      Map<String, Object> conf,
      Instant queuedAt,
      Instant startDate,
      Instant endDate) {

    static DagRunJson of(DagRun run) {
      return new DagRunJson(
          run.dagId(),
          run.runId(),
          run.runType().wireName(),
          run.state().wireName(),
          run.logicalDate(),
          run.dataIntervalStart(),
          run.dataIntervalEnd(),
          run.conf(),
          run.queuedAt(),
          run.startDate(),
          run.endDate());
    }
  }

  record DagRunList(List<DagRunJson> dagRuns, int totalEntries) {}

  private final ApiLookup lookup;
  private final RunStore runs;

  RunsHandler(ApiLookup lookup, RunStore runs) {
    this.lookup = lookup;
    this.runs = runs;
  }

  void list(Context ctx) {
    String dagId = lookup.dag(ctx.pathParam("dag_id")).dagId();
    int limit = limit(ctx.queryParam("limit"));
    List<DagRunJson> found = runs.listRuns(dagId, limit).stream().map(DagRunJson::of).toList();
    ctx.json(new DagRunList(found, found.size()));
  }

  static int limit(String text) {
    if (text == null) {
      return DEFAULT_LIMIT;
    }
    int value;
    try {
      value = Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      value = -1;
    }
    if (value < 1 || value > MAX_LIMIT) {
      throw ApiProblem.badRequest(
          "Query parameter 'limit' must be a whole number from 1 to "
              + MAX_LIMIT
              + ", got '"
              + text
              + "'. Leave it out to get the "
              + DEFAULT_LIMIT
              + " most recent runs.");
    }
    return value;
  }
}

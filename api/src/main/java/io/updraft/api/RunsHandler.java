package io.updraft.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.updraft.core.input.UntrustedJson;
import io.updraft.core.json.Json;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.DagStore;
import io.updraft.core.run.LogicalDates;
import io.updraft.core.run.ManualTrigger;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.RunAdmin;
import io.updraft.core.run.RunBrowser;
import io.updraft.core.run.RunFilter;
import io.updraft.core.run.RunIds;
import io.updraft.core.run.RunPage;
import io.updraft.core.run.RunStore;
import io.updraft.core.run.StoredDag;
import io.updraft.core.state.RunState;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;

/** {@code /api/v1/dags/{dag_id}/dagRuns}: list, trigger, read, mark and clear runs. */
final class RunsHandler {
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

  private static final TypeReference<LinkedHashMap<String, Object>> CONF = new TypeReference<>() {};

  record DagRunList(List<DagRunJson> dagRuns, int totalEntries) {}

  record ClearedJson(List<String> taskIds, DagRunJson dagRun) {}

  /** The dag id that stands for every DAG, as in Airflow; no DAG id can be "~" alone. */
  static final String ANY_DAG = "~";

  private final ApiLookup lookup;
  private final DagStore dags;
  private final RunStore runs;
  private final AnnouncedTrigger trigger;
  private final RunBrowser browser;
  private final RunAdmin admin;
  private final LongConsumer runChanged;
  private final Clock clock;

  RunsHandler(
      ApiLookup lookup,
      DagStore dags,
      RunStore runs,
      AnnouncedTrigger trigger,
      RunBrowser browser,
      RunAdmin admin,
      LongConsumer runChanged,
      Clock clock) {
    this.lookup = lookup;
    this.dags = dags;
    this.runs = runs;
    this.trigger = trigger;
    this.browser = browser;
    this.admin = admin;
    this.runChanged = runChanged;
    this.clock = clock;
  }

  void list(Context ctx) {
    if (ANY_DAG.equals(ctx.pathParam("dag_id"))) {
      listAcrossDags(ctx);
      return;
    }
    String dagId = lookup.dag(ctx.pathParam("dag_id")).dagId();
    RunFilter filter =
        new RunFilter(
            dagId,
            states(ctx.queryParams("state")),
            instant(ctx, "logical_date_gte"),
            instant(ctx, "logical_date_lte"));
    RunPage page = browser.runs(filter, Paging.limit(ctx), Paging.offset(ctx));
    ctx.json(
        new DagRunList(page.runs().stream().map(DagRunJson::of).toList(), page.totalEntries()));
  }

  /** Airflow's {@code ~}: the runs of every DAG, with the filters of {@link RunQueries}. */
  private void listAcrossDags(Context ctx) {
    RunPage page = browser.search(RunQueries.of(ctx), Paging.limit(ctx), Paging.offset(ctx));
    ctx.json(
        new DagRunList(page.runs().stream().map(DagRunJson::of).toList(), page.totalEntries()));
  }

  void get(Context ctx) {
    ctx.json(DagRunJson.of(lookup.run(ctx.pathParam("dag_id"), ctx.pathParam("dag_run_id"))));
  }

  /**
   * {@code POST}: a manual run, with optional {@code dag_run_id}, {@code logical_date}, conf; each
   * checked by {@link ManualTrigger} as every other way of triggering is.
   */
  void trigger(Context ctx) {
    StoredDag dag = lookup.dag(ctx.pathParam("dag_id"));
    JsonNode body = JsonBodies.object(ctx, "dag_run_id", "logical_date", "conf");
    String date =
        text(body, "logical_date", "an ISO-8601 date-time such as \"2026-01-01T00:00:00Z\"");
    Instant logicalDate = date == null ? null : parseInstant("logical_date", date);
    String runId = text(body, "dag_run_id", "a string such as \"nightly_2026-01-01\"");
    if (runId != null) {
      RunIds.check(runId, "'dag_run_id'");
    }
    NewDagRun request =
        ManualTrigger.request(
            dag.structure(), runId, logicalDate, conf(body.get("conf")), clock.instant());
    // Started in the creating commit when the DAG has room, its root tasks pushed at once; the
    // scheduler is told only of a run left queued.
    DagRun run =
        trigger
            .trigger(request, dag.structure())
            .orElseThrow(
                () ->
                    new ApiProblem(
                        HttpStatus.CONFLICT,
                        "DAG '"
                            + dag.dagId()
                            + "' already has a run with id '"
                            + request.runId()
                            + "' or logical date "
                            + request.logicalDate()
                            + ". Choose another dag_run_id and logical_date, or leave both out."));
    AuditTrail.note(ctx, "run_id", run.runId());
    ctx.json(DagRunJson.of(run));
  }

  /** A string field of a body; null when absent or null, a 400 when of another type. */
  private static String text(JsonNode body, String field, String expected) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw ApiProblem.badRequest(
          "'"
              + field
              + "' must be "
              + expected
              + ", got a "
              + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
              + "; send that, or leave it out.");
    }
    return node.asText();
  }

  /** {@code PATCH}: {@code {"state": "success" | "failed" | "queued"}}. */
  void patch(Context ctx) {
    DagRun run = lookup.run(ctx.pathParam("dag_id"), ctx.pathParam("dag_run_id"));
    JsonNode state = JsonBodies.object(ctx, "state").get("state");
    RunState wanted = null;
    if (state != null && state.isTextual()) {
      wanted =
          Arrays.stream(RunState.values())
              .filter(s -> s != RunState.RUNNING && s.wireName().equals(state.asText()))
              .findFirst()
              .orElse(null);
    }
    if (wanted == null) {
      throw ApiProblem.badRequest(
          "PATCH a run with {\"state\": \"success\"}, \"failed\" or \"queued\" (queued clears it"
              + " to run again); got "
              + state
              + ".");
    }
    admin.markRun(run.id(), wanted, clock.instant());
    runChanged.accept(run.id());
    ctx.json(DagRunJson.of(runs.findRun(run.id()).orElseThrow()));
  }

  /** {@code POST .../clear}: every finished task runs again; {@code dry_run} only lists them. */
  void clear(Context ctx) {
    DagRun run = lookup.run(ctx.pathParam("dag_id"), ctx.pathParam("dag_run_id"));
    JsonNode dryRun = JsonBodies.object(ctx, "dry_run").get("dry_run");
    if (dryRun != null && dryRun.asBoolean(false)) {
      List<String> wouldClear =
          runs.taskInstances(run.id()).stream()
              .filter(ti -> ti.state().isTerminal() || ti.state().isFailure())
              .map(ti -> ti.taskId())
              .toList();
      ctx.json(new ClearedJson(wouldClear, DagRunJson.of(run)));
      return;
    }
    List<String> cleared = admin.clear(run.id(), List.of(), clock.instant());
    runChanged.accept(run.id());
    ctx.json(new ClearedJson(cleared, DagRunJson.of(runs.findRun(run.id()).orElseThrow())));
  }

  static Map<String, Object> conf(JsonNode conf) {
    if (conf == null || conf.isNull()) {
      return Map.of();
    }
    if (!conf.isObject()) {
      throw ApiProblem.badRequest(
          "'conf' must be a JSON object such as {\"table\": \"sales\"}, got " + conf + ".");
    }
    return UntrustedJson.check(Json.MAPPER.convertValue(conf, CONF), "conf");
  }

  private static Set<RunState> states(List<String> values) {
    Set<RunState> states = EnumSet.noneOf(RunState.class);
    for (String value : values) {
      for (String name : value.split(",")) {
        try {
          states.add(RunState.fromWireName(name.strip()));
        } catch (IllegalArgumentException e) {
          throw ApiProblem.badRequest(
              "Query parameter 'state' has '"
                  + name
                  + "'; expected any of "
                  + Arrays.stream(RunState.values())
                      .map(RunState::wireName)
                      .collect(Collectors.joining(", "))
                  + ".");
        }
      }
    }
    return states;
  }

  private static Instant instant(Context ctx, String name) {
    String text = ctx.queryParam(name);
    return text == null ? null : parseInstant(name, text);
  }

  static Instant parseInstant(String name, String text) {
    return LogicalDates.parse(text, "'" + name + "'");
  }
}

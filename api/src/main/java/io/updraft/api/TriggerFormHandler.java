package io.updraft.api;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.updraft.api.view.TriggerFormView;
import io.updraft.core.dag.InvalidParamsException;
import io.updraft.core.dag.Param;
import io.updraft.core.input.InvalidInputException;
import io.updraft.core.input.UntrustedJson;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.ManualTrigger;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.RunIds;
import io.updraft.core.run.StoredDag;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /dags/{dag_id}/trigger}: the trigger form built from the DAG's declared params, and the
 * run it posts. The DAGs page's quick trigger posts here too, with only a conf. A run is checked by
 * {@link ManualTrigger}, as {@code POST /api/v1/dags/{dag_id}/dagRuns} checks it; a refused form
 * comes back with what was typed and each error next to its field.
 */
final class TriggerFormHandler {
  static final String CONF = "conf";
  static final String RUN_ID = "dag_run_id";
  static final String LOGICAL_DATE = "logical_date";

  /** Present when the form had a field per param; the quick trigger has none. */
  static final String FIELDS_SHOWN = "fields";

  private final ApiLookup lookup;
  private final AnnouncedTrigger trigger;
  private final Templates templates;
  private final Clock clock;

  TriggerFormHandler(ApiLookup lookup, AnnouncedTrigger trigger, Templates templates, Clock clock) {
    this.lookup = lookup;
    this.trigger = trigger;
    this.templates = templates;
    this.clock = clock;
  }

  void form(Context ctx) {
    StoredDag dag = lookup.dag(ctx.pathParam("dag_id"));
    Map<String, String> texts = new LinkedHashMap<>();
    dag.structure().params().forEach((name, p) -> texts.put(name, ParamFields.defaultText(p)));
    render(ctx, dag, texts, "{}", "", "", Map.of());
  }

  void submit(Context ctx) {
    StoredDag dag = lookup.dag(ctx.pathParam("dag_id"));
    Map<String, Param> declared = dag.structure().params();
    boolean fieldsShown = ctx.formParam(FIELDS_SHOWN) != null;
    Map<String, String> texts = new LinkedHashMap<>();
    declared.forEach(
        (name, p) ->
            texts.put(
                name,
                fieldsShown
                    ? Optional.ofNullable(ctx.formParam(ParamFields.PREFIX + name)).orElse("")
                    : ParamFields.defaultText(p)));
    String confText = Optional.ofNullable(ctx.formParam(CONF)).orElse("");
    String runIdText = Optional.ofNullable(ctx.formParam(RUN_ID)).orElse("").strip();
    String dateText = Optional.ofNullable(ctx.formParam(LOGICAL_DATE)).orElse("").strip();

    Map<String, String> errors = new LinkedHashMap<>();
    Map<String, Object> conf =
        fieldsShown ? ParamFields.conf(declared, texts, errors) : new LinkedHashMap<>();
    // The JSON conf goes on top of the fields, so a key in both takes the JSON's value.
    attemptStep(
        errors, CONF, () -> conf.putAll(UntrustedJson.parseObject(confText, "The run's conf")));
    Instant date =
        dateText.isEmpty()
            ? null
            : attempt(errors, LOGICAL_DATE, () -> RunsHandler.parseInstant(LOGICAL_DATE, dateText));
    String runId =
        runIdText.isEmpty()
            ? null
            : attempt(errors, RUN_ID, () -> RunIds.check(runIdText, "'" + RUN_ID + "'"));
    if (errors.isEmpty()) {
      try {
        NewDagRun request =
            ManualTrigger.request(dag.structure(), runId, date, conf, clock.instant());
        Optional<DagRun> run = trigger.trigger(request, dag.structure());
        if (run.isPresent()) {
          AuditTrail.note(ctx, "run_id", run.get().runId());
          ctx.redirect(Links.run(dag.dagId(), run.get().runId()), HttpStatus.SEE_OTHER);
          return;
        }
        errors.put(
            RUN_ID,
            "DAG '"
                + dag.dagId()
                + "' already has a run with id '"
                + request.runId()
                + "' or logical date "
                + request.logicalDate()
                + ". Choose another run id and logical date, or leave both empty.");
      } catch (InvalidParamsException e) {
        e.problems().forEach((name, problem) -> errors.put(ParamFields.PREFIX + name, problem));
      } catch (InvalidInputException e) {
        errors.put("", e.getMessage());
      }
    }
    ctx.status(HttpStatus.BAD_REQUEST);
    render(ctx, dag, texts, confText, runIdText, dateText, errors);
  }

  /** Runs one step of reading the form; a refusal becomes the error of that field. */
  private static <T> T attempt(
      Map<String, String> errors, String field, java.util.function.Supplier<T> step) {
    try {
      return step.get();
    } catch (InvalidInputException e) {
      errors.put(field, e.getMessage());
      return null;
    }
  }

  private static void attemptStep(Map<String, String> errors, String field, Runnable step) {
    attempt(
        errors,
        field,
        () -> {
          step.run();
          return Boolean.TRUE;
        });
  }

  private void render(
      Context ctx,
      StoredDag dag,
      Map<String, String> texts,
      String conf,
      String runId,
      String logicalDate,
      Map<String, String> errors) {
    List<TriggerFormView.ParamField> fields = new ArrayList<>();
    // By name: the stored DAG keeps no declaration order.
    new java.util.TreeMap<>(dag.structure().params())
        .forEach(
            (name, p) ->
                fields.add(
                    new TriggerFormView.ParamField(
                        name,
                        ParamFields.PREFIX + name,
                        ParamFields.input(p),
                        texts.getOrDefault(name, ""),
                        p.required(),
                        p.type() == null ? "any" : p.type(),
                        p.description(),
                        errors.getOrDefault(ParamFields.PREFIX + name, ""))));
    templates.html(
        ctx,
        "trigger_form.jte",
        new TriggerFormView(
            UiHandler.layout(ctx, "Trigger " + dag.dagId()),
            dag.dagId(),
            Links.dag(dag.dagId()),
            Links.dag(dag.dagId()) + "/trigger",
            fields,
            conf,
            runId,
            logicalDate,
            errors));
  }
}

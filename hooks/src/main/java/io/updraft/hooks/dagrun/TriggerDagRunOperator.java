package io.updraft.hooks.dagrun;

import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.RunType;
import io.updraft.core.state.RunState;
import io.updraft.core.task.DagRuns;
import io.updraft.core.task.OtherRun;
import io.updraft.core.task.TaskContext;
import io.updraft.hooks.base.Sensor;
import io.updraft.hooks.base.SensorSettings;
import io.updraft.hooks.base.TemplatedValues;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Triggers a run of another DAG, as Airflow's {@code TriggerDagRunOperator}; its XCom is the
 * triggered run's id (also under the key {@code trigger_run_id}, as Airflow pushes it). The DAG id,
 * run id, logical date and every string in the conf are templates. The run is created as a manual
 * trigger from the API is, and checked the same way (run id, conf, the target's params). A paused
 * target gets its run, which waits queued until the DAG is unpaused, as in Airflow.
 *
 * <pre>{@code
 * Task.of("start_report",
 *     TriggerDagRunOperator.of("report")
 *         .withConf(Map.of("day", "{{ ds }}"))
 *         .waitingForCompletion(SensorSettings.DEFAULT
 *             .withPokeInterval(Duration.ofSeconds(30))
 *             .withMode(SensorMode.RESCHEDULE)))
 * }</pre>
 *
 * <p>With {@link #waitingForCompletion} the task waits, as a sensor in poke or reschedule mode,
 * until the run ends in an allowed state ({@code success} by default) and fails when it ends in a
 * failed state ({@code failed} by default). Without it, the task ends once the run is created.
 */
public final class TriggerDagRunOperator extends Sensor {
  private final String triggerDagId;
  private final String runId;
  private final String logicalDate;
  private final Map<String, Object> conf;
  private final boolean waitForCompletion;
  private final Set<RunState> allowedStates;
  private final Set<RunState> failedStates;

  private TriggerDagRunOperator(
      String triggerDagId,
      String runId,
      String logicalDate,
      Map<String, Object> conf,
      boolean waitForCompletion,
      SensorSettings settings,
      Set<RunState> allowedStates,
      Set<RunState> failedStates) {
    super(settings);
    if (triggerDagId == null || triggerDagId.isBlank()) {
      throw new IllegalArgumentException(
          "TriggerDagRunOperator needs the id of the DAG to trigger");
    }
    this.triggerDagId = triggerDagId;
    this.runId = runId;
    this.logicalDate = logicalDate;
    this.conf = conf == null ? Map.of() : new LinkedHashMap<>(conf);
    this.waitForCompletion = waitForCompletion;
    this.allowedStates = Set.copyOf(allowedStates);
    this.failedStates = Set.copyOf(failedStates);
  }

  /** Triggers a run of {@code dagId} (a template) with an empty conf, without waiting. */
  public static TriggerDagRunOperator of(String dagId) {
    return new TriggerDagRunOperator(
        dagId,
        null,
        null,
        Map.of(),
        false,
        SensorSettings.DEFAULT,
        Set.of(RunState.SUCCESS),
        Set.of(RunState.FAILED));
  }

  /** The run's conf; each string in it, also in nested maps and lists, is a template. */
  public TriggerDagRunOperator withConf(Map<String, ?> runConf) {
    return new TriggerDagRunOperator(
        triggerDagId,
        runId,
        logicalDate,
        new LinkedHashMap<>(runConf),
        waitForCompletion,
        settings(),
        allowedStates,
        failedStates);
  }

  /**
   * The run id, a template rendered and then checked as every run id is; by default {@code
   * manual__<logical date>}, as Airflow's.
   */
  public TriggerDagRunOperator withRunId(String runIdTemplate) {
    return new TriggerDagRunOperator(
        triggerDagId,
        runIdTemplate,
        logicalDate,
        conf,
        waitForCompletion,
        settings(),
        allowedStates,
        failedStates);
  }

  /**
   * The run's logical date, a template rendering an ISO-8601 date-time such as {@code {{ ts }}}
   * (this run's own); by default the moment this try first started.
   */
  public TriggerDagRunOperator withLogicalDate(String logicalDateTemplate) {
    return new TriggerDagRunOperator(
        triggerDagId,
        runId,
        logicalDateTemplate,
        conf,
        waitForCompletion,
        settings(),
        allowedStates,
        failedStates);
  }

  /**
   * Waits until the triggered run ends (Airflow's {@code wait_for_completion}), checking every poke
   * interval of {@code waiting}, in its mode, until its timeout.
   */
  public TriggerDagRunOperator waitingForCompletion(SensorSettings waiting) {
    return new TriggerDagRunOperator(
        triggerDagId, runId, logicalDate, conf, true, waiting, allowedStates, failedStates);
  }

  /** The run states that end the wait successfully ({@code success} by default). */
  public TriggerDagRunOperator withAllowedStates(RunState... states) {
    return new TriggerDagRunOperator(
        triggerDagId,
        runId,
        logicalDate,
        conf,
        waitForCompletion,
        settings(),
        Set.copyOf(Arrays.asList(states)),
        failedStates);
  }

  /** The run states that fail the task ({@code failed} by default). */
  public TriggerDagRunOperator withFailedStates(RunState... states) {
    return new TriggerDagRunOperator(
        triggerDagId,
        runId,
        logicalDate,
        conf,
        waitForCompletion,
        settings(),
        allowedStates,
        Set.copyOf(Arrays.asList(states)));
  }

  @Override
  public String kind() {
    return "trigger_dagrun";
  }

  /**
   * Triggers the run on the first poke of a try and then reads its state. A try in reschedule mode
   * spans many executions: each finds the run its first one created by its id, which is the same
   * for the whole try (the default logical date is the try's first start).
   */
  @Override
  protected boolean poke(TaskContext context) {
    OtherRun run = triggeredRun(context);
    if (!waitForCompletion) {
      return true;
    }
    if (failedStates.contains(run.state())) {
      throw new TriggeredRunFailedException(
          "Triggered run '"
              + run.runId()
              + "' of DAG '"
              + run.dagId()
              + "' ended "
              + run.state().wireName()
              + " (failed states: "
              + names(failedStates)
              + "); see that run's task logs");
    }
    return allowedStates.contains(run.state());
  }

  /** The run id, also under Airflow's key {@code trigger_run_id}, which Airflow's links read. */
  @Override
  protected Object result(TaskContext context) {
    String id = runIdOf(context);
    context.xcomPush("trigger_run_id", id);
    return id;
  }

  private OtherRun triggeredRun(TaskContext context) {
    DagRuns dagRuns = context.dagRuns();
    String dagId = context.render(triggerDagId);
    String id = runIdOf(context);
    var existing = dagRuns.run(dagId, id);
    if (existing.isPresent()) {
      OtherRun run = existing.get();
      if (run.queuedAt() != null && !run.queuedAt().isBefore(context.tryStartDate())) {
        return run;
      }
      throw new IllegalStateException(
          "DAG '"
              + dagId
              + "' already has a run '"
              + id
              + "' made before this try of task '"
              + context.taskId()
              + "': give the trigger a run id that differs per run, such as"
              + " \"triggered__{{ run_id }}\", or leave the run id out");
    }
    DagRuns.TriggeredRun triggered =
        dagRuns.trigger(dagId, id, dateOf(context), TemplatedValues.renderMap(context, conf));
    context.log().info("Triggered run '" + id + "' of DAG '" + dagId + "'");
    if (triggered.dagPaused()) {
      context
          .log()
          .info(
              "Warning: DAG '"
                  + dagId
                  + "' is paused: its run '"
                  + id
                  + "' waits, queued, until the DAG is unpaused (as in Airflow)");
    }
    return triggered.run();
  }

  private String runIdOf(TaskContext context) {
    return runId == null
        ? NewDagRun.runIdFor(RunType.MANUAL, dateOf(context))
        : context.render(runId);
  }

  private Instant dateOf(TaskContext context) {
    if (logicalDate == null) {
      return context.tryStartDate().truncatedTo(ChronoUnit.MICROS);
    }
    String text = context.render(logicalDate).trim();
    try {
      return OffsetDateTime.parse(text).toInstant().truncatedTo(ChronoUnit.MICROS);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "Task '"
              + context.taskId()
              + "': the logical date to trigger DAG '"
              + context.render(triggerDagId)
              + "' with rendered as '"
              + text
              + "', not an ISO-8601 date-time such as 2026-01-01T00:00:00+00:00; use {{ ts }}",
          e);
    }
  }

  @Override
  protected String awaited(TaskContext context) {
    return "the triggered run '"
        + runIdOf(context)
        + "' of DAG '"
        + context.render(triggerDagId)
        + "' to end "
        + names(allowedStates);
  }

  @Override
  protected Map<String, Object> describeSensor() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("trigger_dag_id", triggerDagId);
    if (runId != null) {
      fields.put("trigger_run_id", runId);
    }
    if (logicalDate != null) {
      fields.put("logical_date", logicalDate);
    }
    // Conf values may be secrets once rendered; the templates only name what goes in.
    fields.put("conf", conf.keySet().stream().sorted().toList());
    fields.put("wait_for_completion", waitForCompletion);
    fields.put("allowed_states", names(allowedStates));
    fields.put("failed_states", names(failedStates));
    return fields;
  }

  private static List<String> names(Set<RunState> states) {
    return states.stream().map(RunState::wireName).sorted().toList();
  }
}

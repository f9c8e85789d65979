package io.updraft.hooks.dagrun;

import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.core.task.OtherRun;
import io.updraft.core.task.TaskContext;
import io.updraft.core.task.TaskSkippedException;
import io.updraft.hooks.base.Sensor;
import io.updraft.hooks.base.SensorSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Waits for a task of another DAG, or for the whole run when no task is given, as Airflow's {@code
 * ExternalTaskSensor}: the run of that DAG whose logical date is this run's, or this run's minus
 * {@link #withExecutionDelta} (a daily DAG waiting for an hourly one's last run, say). A poke is
 * met when the task's instances (every one, for a mapped task) or the run are in an allowed state
 * ({@code success} by default); a failed state fails the task at once ({@code failed} and {@code
 * upstream_failed} by default, where Airflow waits on until the timeout); a skipped state skips it
 * (none by default). Poke or reschedule mode and the timeout come from {@link SensorSettings}.
 *
 * <pre>{@code
 * Task.of("wait_for_extract",
 *     ExternalTaskSensor.task("extract_dag", "load")
 *         .withExecutionDelta(Duration.ofHours(1))
 *         .withSettings(SensorSettings.DEFAULT.withMode(SensorMode.RESCHEDULE)))
 * }</pre>
 *
 * <p>States are Airflow's names: a task's when a task is awaited, a run's ({@code success}, {@code
 * failed}, ...) when the whole run is.
 */
public final class ExternalTaskSensor extends Sensor {
  private final String externalDagId;
  private final String externalTaskId;
  private final Duration executionDelta;
  private final Set<String> allowedStates;
  private final Set<String> failedStates;
  private final Set<String> skippedStates;

  private ExternalTaskSensor(
      String externalDagId,
      String externalTaskId,
      Duration executionDelta,
      Set<String> allowedStates,
      Set<String> failedStates,
      Set<String> skippedStates,
      SensorSettings settings) {
    super(settings);
    if (externalDagId == null || externalDagId.isBlank()) {
      throw new IllegalArgumentException("ExternalTaskSensor needs the id of the DAG to wait for");
    }
    this.externalDagId = externalDagId;
    this.externalTaskId = externalTaskId;
    this.executionDelta = executionDelta == null ? Duration.ZERO : executionDelta;
    this.allowedStates = checked(allowedStates, "allowed");
    this.failedStates = checked(failedStates, "failed");
    this.skippedStates = checked(skippedStates, "skipped");
  }

  /** Waits for task {@code taskId} of DAG {@code dagId}, in the run of the same logical date. */
  public static ExternalTaskSensor task(String dagId, String taskId) {
    if (taskId == null) {
      throw new IllegalArgumentException(
          "ExternalTaskSensor.task needs a task id; use ExternalTaskSensor.run(dagId) to wait"
              + " for the whole run");
    }
    return new ExternalTaskSensor(
        dagId,
        taskId,
        null,
        Set.of(TaskState.SUCCESS.wireName()),
        Set.of(TaskState.FAILED.wireName(), TaskState.UPSTREAM_FAILED.wireName()),
        Set.of(),
        SensorSettings.DEFAULT);
  }

  /** Waits for the whole run of DAG {@code dagId} of the same logical date. */
  public static ExternalTaskSensor run(String dagId) {
    return new ExternalTaskSensor(
        dagId,
        null,
        null,
        Set.of(RunState.SUCCESS.wireName()),
        Set.of(RunState.FAILED.wireName()),
        Set.of(),
        SensorSettings.DEFAULT);
  }

  /** Waits for the run whose logical date is this run's minus {@code delta}. */
  public ExternalTaskSensor withExecutionDelta(Duration delta) {
    return new ExternalTaskSensor(
        externalDagId,
        externalTaskId,
        delta,
        allowedStates,
        failedStates,
        skippedStates,
        settings());
  }

  /** The states that end the wait successfully. */
  public ExternalTaskSensor withAllowedStates(String... states) {
    return new ExternalTaskSensor(
        externalDagId,
        externalTaskId,
        executionDelta,
        Set.of(states),
        failedStates,
        skippedStates,
        settings());
  }

  /** The states that fail this task at once (none: wait until the timeout instead). */
  public ExternalTaskSensor withFailedStates(String... states) {
    return new ExternalTaskSensor(
        externalDagId,
        externalTaskId,
        executionDelta,
        allowedStates,
        Set.of(states),
        skippedStates,
        settings());
  }

  /** The states that skip this task at once. */
  public ExternalTaskSensor withSkippedStates(String... states) {
    return new ExternalTaskSensor(
        externalDagId,
        externalTaskId,
        executionDelta,
        allowedStates,
        failedStates,
        Set.of(states),
        settings());
  }

  /** Poke interval, timeout, soft fail and mode. */
  public ExternalTaskSensor withSettings(SensorSettings waiting) {
    return new ExternalTaskSensor(
        externalDagId,
        externalTaskId,
        executionDelta,
        allowedStates,
        failedStates,
        skippedStates,
        waiting);
  }

  @Override
  public String kind() {
    return "external_task_sensor";
  }

  @Override
  protected boolean poke(TaskContext context) {
    Instant date = awaitedDate(context);
    Optional<OtherRun> found = context.dagRuns().runAt(externalDagId, date);
    if (found.isEmpty()) {
      return false;
    }
    OtherRun run = found.get();
    List<String> states =
        externalTaskId == null
            ? List.of(run.state().wireName())
            : context.dagRuns().taskStates(run, externalTaskId).stream()
                .map(TaskState::wireName)
                .toList();
    if (states.isEmpty()) {
      throw new IllegalStateException(
          "Run '"
              + run.runId()
              + "' of DAG '"
              + externalDagId
              + "' has no task '"
              + externalTaskId
              + "': check the task id this sensor of task '"
              + context.taskId()
              + "' waits for");
    }
    if (states.stream().anyMatch(failedStates::contains)) {
      throw new ExternalTaskFailedException(
          awaited(context)
              + " ended "
              + String.join(", ", states)
              + " (failed states: "
              + sorted(failedStates)
              + ")");
    }
    if (states.stream().allMatch(skippedStates::contains)) {
      throw new TaskSkippedException(awaited(context) + " was " + String.join(", ", states));
    }
    return states.stream().allMatch(allowedStates::contains);
  }

  private Instant awaitedDate(TaskContext context) {
    return context.logicalDate().minus(executionDelta);
  }

  @Override
  protected String awaited(TaskContext context) {
    String what =
        externalTaskId == null
            ? "the run of DAG '" + externalDagId + "'"
            : "task '" + externalTaskId + "' of DAG '" + externalDagId + "'";
    return what + " of logical date " + awaitedDate(context);
  }

  @Override
  protected Map<String, Object> describeSensor() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("external_dag_id", externalDagId);
    if (externalTaskId != null) {
      fields.put("external_task_id", externalTaskId);
    }
    fields.put("execution_delta", executionDelta.toSeconds());
    fields.put("allowed_states", sorted(allowedStates));
    fields.put("failed_states", sorted(failedStates));
    fields.put("skipped_states", sorted(skippedStates));
    return fields;
  }

  /** Each state must be a state name of what is awaited: a task's, or a run's. */
  private Set<String> checked(Set<String> states, String which) {
    List<String> known =
        externalTaskId == null
            ? Arrays.stream(RunState.values()).map(RunState::wireName).toList()
            : Arrays.stream(TaskState.values()).map(TaskState::wireName).toList();
    for (String state : states) {
      if (!known.contains(state)) {
        throw new IllegalArgumentException(
            "ExternalTaskSensor for DAG '"
                + externalDagId
                + "': '"
                + state
                + "' among the "
                + which
                + " states is not a "
                + (externalTaskId == null ? "run" : "task")
                + " state; use one of "
                + known);
      }
    }
    return Set.copyOf(states);
  }

  private static List<String> sorted(Set<String> states) {
    return states.stream().sorted().toList();
  }
}

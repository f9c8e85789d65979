package io.updraft.core.task;

import io.updraft.core.asset.AssetEvent;
import io.updraft.core.connection.Connection;
import io.updraft.core.hook.Hook;
import io.updraft.core.json.Json;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What a running task knows about itself and can use: its run, XCom, templates and its log. */
public interface TaskContext extends CallbackContext {
  @Override
  String dagId();

  @Override
  String runId();

  String taskId();

  /** 1 for the first try, 2 for the first retry, ... */
  int tryNumber();

  /**
   * When this try first started. A sensor in reschedule mode runs one try as many short runs, each
   * ending in {@link TaskRescheduleException}; this is the start of the first of them, from which
   * its timeout counts. Without reschedules it is the start of the current run.
   */
  default Instant tryStartDate() {
    return clock().instant();
  }

  /**
   * Why the scheduler ended this try itself, for the {@code onFailure} or {@code onRetry} callback
   * it then calls (e.g. its worker stopped heartbeating); empty for a try its worker ended.
   */
  default Optional<String> endedByScheduler() {
    return Optional.empty();
  }

  /** The clock the task's states are recorded with; a task that needs the time reads it here. */
  default Clock clock() {
    return Clock.systemUTC();
  }

  /** The start of the run's data interval (Airflow's logical date). */
  @Override
  Instant logicalDate();

  Instant dataIntervalStart();

  Instant dataIntervalEnd();

  /**
   * This instance's position among the instances of a mapped task ({@code Task.expand}), from 0; -1
   * when the task is not mapped.
   */
  default int mapIndex() {
    return -1;
  }

  /**
   * This instance's value of a mapped task: its element of the list expanded over (an entry of a
   * map comes as a map of {@code key} and {@code value}).
   *
   * @throws IllegalStateException when the task is not mapped
   */
  default Object mapValue() {
    throw new IllegalStateException(
        "Task '"
            + taskId()
            + "' is not mapped, so it has no map value: map it with Task.expand(values) or"
            + " Task.expandOver(upstreamTaskId)");
  }

  /** {@link #mapValue()} converted to {@code type}, as an XCom value is. */
  default <T> T mapValue(Class<T> type) {
    return Json.read(Json.write(mapValue()), type);
  }

  /**
   * How the run was made: {@code scheduled}, {@code manual}, {@code backfill} or {@code
   * asset_triggered}.
   */
  default String runType() {
    return "manual";
  }

  /**
   * The asset events that created this run, oldest first, when it is an asset-triggered run
   * (Airflow's {@code triggering_asset_events}); empty for any other run.
   */
  default List<AssetEvent> triggeringAssetEvents() {
    return List.of();
  }

  /**
   * When the data interval after this run's ends, by the DAG's schedule; empty when none follows
   * (no schedule, or past the DAG's end date).
   */
  default Optional<Instant> nextDataIntervalEnd() {
    return Optional.empty();
  }

  /** The run's configuration, as given to a manual trigger; empty for scheduled runs. */
  @Override
  Map<String, Object> conf();

  /** {@code dag_id}, {@code run_id}, {@code task_id}, {@code try_number}, {@code logical_date}. */
  @Override
  default Map<String, Object> noticeFields() {
    Map<String, Object> fields = new java.util.LinkedHashMap<>();
    fields.put("dag_id", dagId());
    fields.put("run_id", runId());
    fields.put("task_id", taskId());
    fields.put("try_number", tryNumber());
    fields.put("logical_date", logicalDate().toString());
    return fields;
  }

  /** The return value of an upstream task of this run, decoded from JSON; empty if it has none. */
  Optional<Object> xcomPull(String taskId);

  /** The return value of an upstream task, converted to {@code type}. */
  <T> Optional<T> xcomPull(String taskId, Class<T> type);

  /** A value an upstream task of this run pushed under {@code key}, converted to {@code type}. */
  <T> Optional<T> xcomPull(String taskId, String key, Class<T> type);

  /**
   * Stores a value, as JSON, under a key of its own (besides the return value). XCom is for small
   * values: a value over the worker's limit (48 KB by default) fails the task; put large data in
   * object storage and push its path.
   */
  void xcomPush(String key, Object value);

  /** Renders a template ({@code {{ ds }}}, {@code {{ run_id }}}, ...) with this task's values. */
  @Override
  String render(String template);

  @Override
  TaskLog log();

  /**
   * A connection, looked up through the secrets chain. Its password and secret extras are masked in
   * this task's log from then on.
   *
   * @throws io.updraft.core.secrets.SecretNotFoundException naming every backend searched
   */
  @Override
  default Connection connection(String connId) {
    throw new UnsupportedOperationException("This task context has no secrets chain");
  }

  /** A variable's value as stored, looked up through the secrets chain. */
  default String variable(String key) {
    throw new UnsupportedOperationException("This task context has no secrets chain");
  }

  /**
   * Opens a hook for a connection, closed when the task ends if the task does not close it first.
   *
   * @throws IllegalArgumentException when the connection's conn type opens another kind of hook
   */
  @Override
  default <H extends Hook> H hook(String connId, Class<H> type) {
    throw new UnsupportedOperationException(
        "Task '" + taskId() + "' runs without hooks: no connections are configured here");
  }

  /**
   * Other DAGs' runs: trigger one, read a run's or a task's state. For cross-DAG operators and
   * sensors.
   */
  default DagRuns dagRuns() {
    throw new UnsupportedOperationException(
        "Task '"
            + taskId()
            + "' cannot reach other DAGs' runs here: a worker's tasks can, a test run without a"
            + " database (DagTestRunner, updraft dags test) cannot");
  }

  /** The first healthy hook of several connections (failover), closed when the task ends. */
  default <H extends Hook> H firstHealthyHook(Class<H> type, List<String> connIds) {
    throw new UnsupportedOperationException(
        "Task '" + taskId() + "' runs without hooks: no connections are configured here");
  }
}

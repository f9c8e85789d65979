package io.updraft.core.task;

import io.updraft.core.connection.Connection;
import io.updraft.core.hook.Hook;
import java.time.Instant;
import java.util.Map;

/**
 * What a callback can use, whether a task's ({@link TaskContext}) or a run's: the run it is about,
 * its templates, log, connections and hooks. A notifier written against it works at both levels.
 */
public interface CallbackContext {
  String dagId();

  String runId();

  /** The start of the run's data interval (Airflow's logical date). */
  Instant logicalDate();

  /** The run's configuration, as given to a manual trigger; empty for scheduled runs. */
  Map<String, Object> conf();

  /** Renders a template of the DAG's author with this callback's values, as data. */
  String render(String template);

  TaskLog log();

  /**
   * The fields a notice about this callback carries besides its message: {@code dag_id}, {@code
   * run_id}, {@code logical_date}, and a task's {@code task_id} and {@code try_number} or a run's
   * {@code state} and {@code failed_task_ids}.
   */
  Map<String, Object> noticeFields();

  /**
   * A connection, looked up through the secrets chain; its secrets are masked from then on.
   *
   * @throws io.updraft.core.secrets.SecretNotFoundException naming every backend searched
   */
  default Connection connection(String connId) {
    throw new UnsupportedOperationException(
        "No connections are configured where this callback runs, so '" + connId + "' is unknown");
  }

  /**
   * Opens a hook for a connection, closed when the callback ends if it does not close it first.
   *
   * @throws IllegalArgumentException when the connection's conn type opens another kind of hook
   */
  default <H extends Hook> H hook(String connId, Class<H> type) {
    throw new UnsupportedOperationException(
        "No connections are configured where this callback runs, so '" + connId + "' is unknown");
  }
}

package io.updraft.core.dag;

import io.updraft.core.task.CallbackContext;
import io.updraft.core.task.TaskContext;

/**
 * A callback that sends a notice (Airflow's notifiers), usable for a task ({@code onFailure}, ...)
 * and for a run ({@code onRunFailure}, ...) alike: it is written once against {@link
 * CallbackContext}, whose templates, notice fields and hooks are the task's or the run's.
 *
 * <pre>{@code
 * Dag.builder("orders")
 *     .onRunFailure(WebhookNotifier.to("alerts", "/alerts", "{{ run_id }} failed"))
 * }</pre>
 */
@FunctionalInterface
public interface Notifier extends TaskCallback, RunCallback {

  /** Sends the notice; what it throws is logged and changes nothing. */
  void send(CallbackContext context) throws Exception;

  @Override
  default void call(TaskContext context) throws Exception {
    send(context);
  }

  @Override
  default void call(RunCallbackContext run) throws Exception {
    send(run);
  }
}

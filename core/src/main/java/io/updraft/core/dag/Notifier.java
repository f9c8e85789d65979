package io.updraft.core.dag;

import io.updraft.core.deadline.DeadlineMiss;
import io.updraft.core.deadline.DeadlineMissCallback;
import io.updraft.core.task.CallbackContext;
import io.updraft.core.task.TaskContext;

/**
 * A callback that sends a notice (Airflow's notifiers), usable for a task ({@code onFailure}, ...),
 * a run ({@code onRunFailure}, ...) and a missed deadline ({@code onDeadlineMiss}) alike: it is
 * written once against {@link CallbackContext}, whose templates, notice fields and hooks are the
 * task's or the run's.
 *
 * <pre>{@code
 * Dag.builder("orders")
 *     .onRunFailure(WebhookNotifier.to("alerts", "/alerts", "{{ run_id }} failed"))
 * }</pre>
 */
@FunctionalInterface
public interface Notifier extends TaskCallback, RunCallback, DeadlineMissCallback {

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

  @Override
  default void onMiss(DeadlineMiss miss, CallbackContext context) throws Exception {
    send(context);
  }

  /**
   * Never called by the scheduler, which passes the miss's context ({@link #onMiss(DeadlineMiss,
   * CallbackContext)}).
   */
  @Override
  default void onMiss(DeadlineMiss miss) throws Exception {
    throw new UnsupportedOperationException(
        "A notifier sends with the miss's context: call onMiss(miss, context) for "
            + miss.describe());
  }
}

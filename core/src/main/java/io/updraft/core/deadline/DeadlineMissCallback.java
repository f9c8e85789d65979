package io.updraft.core.deadline;

import io.updraft.core.task.CallbackContext;

/**
 * Told once of each deadline a DAG's run or task missed, by the scheduler, after the miss was
 * recorded and never inside a transaction; what it throws is logged and changes nothing.
 */
@FunctionalInterface
public interface DeadlineMissCallback {
  void onMiss(DeadlineMiss miss) throws Exception;

  /**
   * What the scheduler calls: the miss, and a context for its run whose templates and notice fields
   * also carry the miss ({@code task_id}, {@code deadline}, {@code missed}) and which opens
   * connections and hooks, so a {@link io.updraft.core.dag.Notifier} can be told too. Calls {@link
   * #onMiss(DeadlineMiss)} unless overridden.
   */
  default void onMiss(DeadlineMiss miss, CallbackContext context) throws Exception {
    onMiss(miss);
  }
}

package io.updraft.core.dag;

/**
 * Code run once a DAG run finished (Airflow's DAG-level {@code on_success_callback} and {@code
 * on_failure_callback}), by the scheduler, after the run's final state is committed and outside
 * that transaction. A callback that throws is logged and recorded, never tried again, and changes
 * nothing about the run.
 *
 * <pre>{@code
 * Dag.builder("orders")
 *     .onRunFailure(run -> alert(run.dagId() + " failed: " + run.failedTaskIds()))
 * }</pre>
 */
@FunctionalInterface
public interface RunCallback {
  void call(RunCallbackContext run) throws Exception;
}

package io.updraft.core.task;

/**
 * Thrown by a task to end its try as {@code skipped} rather than failed (a sensor with soft fail
 * that timed out, say), as Airflow's {@code AirflowSkipException}.
 */
public class TaskSkippedException extends RuntimeException {
  public TaskSkippedException(String message) {
    super(message);
  }
}

package io.updraft.hooks.dagrun;

/** A run that {@link TriggerDagRunOperator} triggered and waited for ended in a failed state. */
public final class TriggeredRunFailedException extends RuntimeException {
  public TriggeredRunFailedException(String message) {
    super(message);
  }
}

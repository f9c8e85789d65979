package io.updraft.core.deadline;

/**
 * Told once of each deadline a DAG's run or task missed, by the scheduler, after the miss was
 * recorded and never inside a transaction; what it throws is logged and changes nothing.
 */
@FunctionalInterface
public interface DeadlineMissCallback {
  void onMiss(DeadlineMiss miss) throws Exception;
}

package io.updraft.core.plan;

import io.updraft.core.run.TaskInstance;
import java.util.function.Predicate;

/**
 * Who may run a task that their own record has just made ready, skipping the queue: the worker that
 * recorded the upstream outcome, when it has a slot to hand over and serves the task's queue. The
 * claim is made in the transaction that queues the task, so the task is never seen queued without a
 * worker.
 *
 * @param worker the worker's name, written as the task's worker
 * @param accepts which ready tasks the worker can run (its queues, the DAGs it has)
 */
public record RunItself(String worker, Predicate<TaskInstance> accepts) {
  /** Nobody takes anything: every ready task is queued as a message. */
  public static final RunItself NOBODY = new RunItself(null, ti -> false);
}

package io.updraft.worker;

import io.updraft.core.dag.DagNotLoadedException;
import io.updraft.core.dag.DagSource;
import io.updraft.core.plan.RunItself;
import io.updraft.core.run.DagRun;
import java.util.List;
import java.util.Set;

/**
 * Whether this worker runs a task that its record of an upstream try has just made ready, itself
 * and at once on the slot that try leaves, instead of queueing it (the hand-over): every condition
 * in one place. The task is claimed in the commit that queues it ({@link RunItself}).
 */
final class HandOverOffer {
  /** An offer that is never open: every ready task goes through the queue. */
  static HandOverOffer none(String workerName, DagSource dagSource) {
    return new HandOverOffer(workerName, List.of(), dagSource);
  }

  private final String workerName;
  private final Set<String> queues;
  private final DagSource dagSource;
  private volatile boolean open;

  HandOverOffer(String workerName, List<String> queues, DagSource dagSource) {
    this.workerName = workerName;
    this.queues = Set.copyOf(queues);
    this.dagSource = dagSource;
  }

  /** The worker takes new work: its tries may hand their slots on. */
  void open() {
    open = true;
  }

  /** The worker is stopping: no try hands its slot on. */
  void close() {
    open = false;
  }

  /**
   * What a recorded try of {@code run} offers. Nobody takes anything unless the worker takes new
   * work and the try's slot is there to hand on ({@code slotToHandOn}: the try was recorded alone
   * and at once, not in a batch or held through an outage, whose slots went back); then the worker
   * takes a task of a queue it serves, when it has the code version the run was made from.
   */
  RunItself forTry(DagRun run, boolean slotToHandOn) {
    if (!open || !slotToHandOn) {
      return RunItself.NOBODY;
    }
    return new RunItself(
        workerName,
        next -> queues.contains(next.queue()) && hasDag(next.dagId(), run.codeVersion()));
  }

  private boolean hasDag(String dagId, String codeVersion) {
    try {
      dagSource.dag(dagId, codeVersion);
      return true;
    } catch (DagNotLoadedException e) {
      return false;
    }
  }
}

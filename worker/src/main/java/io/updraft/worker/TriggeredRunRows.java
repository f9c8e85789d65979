package io.updraft.worker;

import io.updraft.core.cache.LeastRecentlyUsed;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.plan.MissingTaskInstances;
import io.updraft.core.plan.RunProgress;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.RunStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A triggered run is committed with its root tasks only; the worker that claims one of them adds
 * the run's other task instances once the task runs ({@link io.updraft.core.plan.RunTrigger}), so
 * they are there soon after the trigger without standing between it and the first task. Only for a
 * message the trigger marked ({@link io.updraft.core.queue.TaskMessage#rootOfPartialRun}), once per
 * run on this worker: runs the scheduler made, with all their rows, cost nothing here.
 */
final class TriggeredRunRows {
  private static final Logger LOG = LoggerFactory.getLogger(TriggeredRunRows.class);
  private static final int RUNS_KEPT = 1024;

  private final RunStore runs;
  private final RunStructures structures;
  private final RunProgress progress;
  private final Map<Long, Boolean> done = LeastRecentlyUsed.map(RUNS_KEPT);

  TriggeredRunRows(RunStore runs, RunStructures structures, RunProgress progress) {
    this.runs = runs;
    this.structures = structures;
    this.progress = progress;
  }

  /** After the claimed tries went to their threads. */
  void afterStart(List<TaskClaims.Claim> started) {
    for (TaskClaims.Claim claim : started) {
      DagRun run = claim.run();
      if (!claim.fromQueue()
          || !claim.delivery().message().rootOfPartialRun()
          || done.containsKey(run.id())) {
        continue;
      }
      Optional<DagStructure> dag = structures.of(run);
      if (dag.isEmpty()) {
        continue;
      }
      done.put(run.id(), Boolean.TRUE);
      try {
        MissingTaskInstances.addToStarted(runs, progress, run, dag.get());
      } catch (RuntimeException e) {
        LOG.warn(
            "Cannot add the other task instances of run {} of {} now; the next plan of the run"
                + " (a worker's, or the scheduler's sweep) adds them: {}",
            run.runId(),
            run.dagId(),
            e.toString());
      }
    }
  }
}

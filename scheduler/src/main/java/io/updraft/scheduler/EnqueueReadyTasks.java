package io.updraft.scheduler;

import io.updraft.core.plan.AdvanceRun;
import io.updraft.core.plan.RunProgress;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.DagStore;
import io.updraft.core.run.RunStore;
import io.updraft.core.run.StoredDag;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Plans every active run of an unpaused DAG: the periodic safety net behind run events. */
final class EnqueueReadyTasks {
  private static final Logger LOG = LoggerFactory.getLogger(EnqueueReadyTasks.class);

  private final RunStore runs;
  private final DagStore dags;
  private final RunProgress progress;

  EnqueueReadyTasks(RunStore runs, DagStore dags, RunProgress progress) {
    this.runs = runs;
    this.dags = dags;
    this.progress = progress;
  }

  /** Returns the number of task instances queued. */
  int runOnce() {
    Map<String, StoredDag> byId =
        dags.list().stream().collect(Collectors.toMap(StoredDag::dagId, Function.identity()));
    List<AdvanceRun.Planning> planning = new ArrayList<>();
    for (DagRun run : runs.activeRuns()) {
      StoredDag dag = byId.get(run.dagId());
      if (dag != null && !dag.paused()) {
        planning.add(new AdvanceRun.Planning(run, dag.structure()));
      }
    }
    try {
      // Every active run in one read and one transaction, not one per run.
      return progress.plan(planning);
    } catch (RuntimeException e) {
      LOG.error("Cannot plan the {} active run(s)", planning.size(), e);
      return 0;
    }
  }

  /** Plans these runs, as soon as events say they changed, in one pass. */
  int runOnce(Collection<Long> dagRunIds) {
    Map<String, Optional<StoredDag>> dagsById = new HashMap<>();
    List<AdvanceRun.Planning> planning = new ArrayList<>();
    List<DagRun> changed = runs.findRuns(dagRunIds);
    for (DagRun run : changed) {
      dagsById
          .computeIfAbsent(run.dagId(), dags::find)
          .filter(dag -> !dag.paused())
          .ifPresent(dag -> planning.add(new AdvanceRun.Planning(run, dag.structure())));
    }
    planning.addAll(WaitingOnThePast.runsAfter(changed, planning, runs));
    try {
      return progress.plan(planning);
    } catch (RuntimeException e) {
      LOG.error("Cannot plan runs {}", dagRunIds, e);
      return 0;
    }
  }

  private int advance(DagRun run, StoredDag dag) {
    if (dag == null || dag.paused()) {
      return 0;
    }
    try {
      return progress.plan(run, dag.structure());
    } catch (RuntimeException e) {
      LOG.error("Cannot plan run {} of {}", run.runId(), run.dagId(), e);
      return 0;
    }
  }
}

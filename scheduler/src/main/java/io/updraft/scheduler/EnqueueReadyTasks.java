package io.updraft.scheduler;

import io.updraft.core.cache.LeastRecentlyUsed;
import io.updraft.core.plan.AdvanceRun;
import io.updraft.core.plan.PlannedCounts;
import io.updraft.core.plan.RunProgress;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.DagStore;
import io.updraft.core.run.RunStore;
import io.updraft.core.run.RunToPlan;
import io.updraft.core.run.StoredDag;
import io.updraft.core.state.RunState;
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
  private final PlannedCounts planned = new PlannedCounts();
  // The last structure read of each DAG; its paused flag is not used, the run's read says.
  private final Map<String, StoredDag> knownDags = LeastRecentlyUsed.map(KNOWN_DAGS);
  private static final int KNOWN_DAGS = 4_096;

  EnqueueReadyTasks(RunStore runs, DagStore dags, RunProgress progress) {
    this.runs = runs;
    this.dags = dags;
    this.progress = progress;
  }

  /** Returns the number of task instances queued. */
  int runOnce() {
    return planAll(dags.list());
  }

  /** As {@link #runOnce()}, with the DAGs the sweep has just listed. */
  int planAll(List<StoredDag> listed) {
    Map<String, StoredDag> byId =
        listed.stream().collect(Collectors.toMap(StoredDag::dagId, Function.identity()));
    knownDags.putAll(byId);
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

  /**
   * Plans these runs, as soon as events say they changed, in one pass; a running run whose counts
   * by state have not changed since its last plan here is left out (see {@link PlannedCounts}). The
   * runs, their DAGs' versions and their counts come in one read; a DAG's structure is read only
   * when its version is not the one known here.
   */
  int runOnce(Collection<Long> dagRunIds) {
    List<AdvanceRun.Planning> planning = new ArrayList<>();
    List<RunToPlan> found = runs.findRunsToPlan(dagRunIds);
    Map<Long, RunToPlan> counted = new HashMap<>();
    for (RunToPlan r : found) {
      if (r.dagPaused()) {
        continue;
      }
      Optional<StoredDag> dag = structureOf(r.run().dagId(), r.dagVersion());
      if (dag.isEmpty()) {
        continue;
      }
      DagRun run = r.run();
      if (run.state() != RunState.RUNNING) {
        planning.add(new AdvanceRun.Planning(run, dag.get().structure()));
      } else if (!planned.unchanged(run.id(), dag.get().versionHash(), r.counts())) {
        planning.add(new AdvanceRun.Planning(run, dag.get().structure(), r.counts()));
        counted.put(run.id(), r);
      }
    }
    List<DagRun> changed = found.stream().map(RunToPlan::run).toList();
    planning.addAll(WaitingOnThePast.runsAfter(changed, planning, runs));
    try {
      int queued = progress.plan(planning);
      counted.forEach((id, r) -> planned.planned(id, r.dagVersion(), r.counts()));
      return queued;
    } catch (RuntimeException e) {
      counted.keySet().forEach(planned::forget);
      LOG.error("Cannot plan runs {}", dagRunIds, e);
      return 0;
    }
  }

  /**
   * The DAG at this version: the one known here when its version matches (a version hash names one
   * structure), else as stored now.
   */
  private Optional<StoredDag> structureOf(String dagId, String version) {
    StoredDag known = knownDags.get(dagId);
    if (known != null && known.versionHash().equals(version)) {
      return Optional.of(known);
    }
    Optional<StoredDag> stored = dags.find(dagId);
    stored.ifPresent(d -> knownDags.put(dagId, d));
    return stored;
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

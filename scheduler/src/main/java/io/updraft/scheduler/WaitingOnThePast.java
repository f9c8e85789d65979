package io.updraft.scheduler;

import io.updraft.core.dag.CompiledDag;
import io.updraft.core.plan.AdvanceRun;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.RunStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The runs an event about another run may unblock: when a run of a DAG whose tasks depend on the
 * past (depends_on_past, wait_for_downstream) changes, its later active runs may have a task that
 * was waiting for it. Those are planned with the changed run, so the waiting task goes as soon as
 * its previous instance ended, not a sweep later.
 */
final class WaitingOnThePast {
  private WaitingOnThePast() {}

  /** The active runs of those DAGs after a changed run, not already in {@code planning}. */
  static List<AdvanceRun.Planning> runsAfter(
      List<DagRun> changed, List<AdvanceRun.Planning> planning, RunStore runs) {
    Map<String, AdvanceRun.Planning> earliestByDag = new HashMap<>();
    Set<Long> planned = new HashSet<>();
    for (AdvanceRun.Planning p : planning) {
      planned.add(p.run().id());
      if (CompiledDag.of(p.dag()).hasPastDependencies()) {
        earliestByDag.merge(
            p.run().dagId(),
            p,
            (a, b) -> a.run().logicalDate().isBefore(b.run().logicalDate()) ? a : b);
      }
    }
    List<AdvanceRun.Planning> more = new ArrayList<>();
    if (earliestByDag.isEmpty()) {
      return more;
    }
    for (DagRun run : runs.activeRuns()) {
      AdvanceRun.Planning earliest = earliestByDag.get(run.dagId());
      if (earliest != null
          && !planned.contains(run.id())
          && run.logicalDate().isAfter(earliest.run().logicalDate())) {
        more.add(new AdvanceRun.Planning(run, earliest.dag()));
      }
    }
    return more;
  }
}

package io.updraft.core.run;

import java.util.List;

/**
 * A queued run to start, with what starting it needs from its DAG.
 *
 * @param roots the tasks queued as the run starts: those without upstream tasks, and those with the
 *     always rule
 */
public record RunStart(DagRun run, int maxActiveRuns, int maxActiveTasks, List<String> roots) {
  public RunStart {
    roots = List.copyOf(roots);
  }
}

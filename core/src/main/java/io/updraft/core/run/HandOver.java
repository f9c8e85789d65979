package io.updraft.core.run;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A task's success and the downstream tasks it may make ready, to record in one round trip: the
 * shortest path from one task to the next. Every downstream task here has the all_success trigger
 * rule, so it is ready exactly when each of its upstream tasks succeeded.
 *
 * @param outcome the finished try, running to success
 * @param run the run the task belongs to
 * @param downstream each downstream task's id and the ids of all its upstream tasks
 * @param maxActiveTasks the DAG's max_active_tasks
 * @param worker who runs one of the tasks made ready at once, claimed in the same commit (null:
 *     nobody; each is queued)
 * @param takeable the downstream tasks {@code worker} may run
 * @param logLines the try's last log lines
 */
public record HandOver(
    TaskChange outcome,
    DagRun run,
    Map<String, List<String>> downstream,
    int maxActiveTasks,
    String worker,
    Set<String> takeable,
    List<String> logLines) {

  public HandOver {
    downstream = Map.copyOf(downstream);
    takeable = Set.copyOf(takeable);
    logLines = List.copyOf(logLines);
  }
}

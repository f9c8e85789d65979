package io.updraft.worker;

import io.updraft.core.run.DagRun;
import io.updraft.core.run.OutletEvent;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.TaskState;
import java.time.Instant;
import java.util.List;

/**
 * The asset events a finished try writes: one per outlet of its task, for a success only. A try
 * that writes some is recorded on its own (its events in the commit of its success), never in a
 * batch.
 */
final class Outlets {
  private Outlets() {}

  static boolean updateAssets(TaskRunner.Finished f) {
    return f.outcome().state() == TaskState.SUCCESS && !f.outcome().outlets().isEmpty();
  }

  static List<OutletEvent> eventsOf(TaskRunner.Finished f, DagRun run, Instant at) {
    if (!updateAssets(f)) {
      return List.of();
    }
    TaskInstance ti = f.claim().ti();
    return f.outcome().outlets().stream()
        .map(a -> new OutletEvent(a, ti.dagId(), run.runId(), ti.taskId(), ti.mapIndex(), at))
        .toList();
  }
}

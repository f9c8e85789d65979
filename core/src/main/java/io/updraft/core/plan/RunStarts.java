package io.updraft.core.plan;

import io.updraft.core.dag.CompiledDag;
import io.updraft.core.queue.TaskMessage;
import io.updraft.core.queue.TaskQueue;
import io.updraft.core.run.HandedOver;
import io.updraft.core.run.RunStart;
import io.updraft.core.run.RunStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts queued runs and queues their root tasks (and those with the always rule) in one round trip
 * ({@link RunStore#startRuns}), then pushes their messages.
 */
final class RunStarts {
  private final RunStore runs;
  private final TaskQueue queue;

  RunStarts(RunStore runs, TaskQueue queue) {
    this.runs = runs;
    this.queue = queue;
  }

  /** Returns what became of the tasks of each run that started. */
  Map<Long, HandedOver> start(List<AdvanceRun.Planning> toStart, Instant at) {
    List<RunStart> starts = new ArrayList<>();
    for (AdvanceRun.Planning p : toStart) {
      starts.add(
          new RunStart(
              p.run(),
              p.dag().maxActiveRuns(),
              p.dag().maxActiveTasks(),
              CompiledDag.of(p.dag()).roots()));
    }
    Map<Long, HandedOver> started = runs.startRuns(starts, at);
    List<TaskMessage> messages =
        started.values().stream().flatMap(h -> h.queued().stream()).map(TaskMessage::of).toList();
    if (!messages.isEmpty()) {
      queue.push(messages);
    }
    return started;
  }
}

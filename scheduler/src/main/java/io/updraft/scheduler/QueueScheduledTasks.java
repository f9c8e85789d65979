package io.updraft.scheduler;

import io.updraft.core.queue.TaskMessage;
import io.updraft.core.queue.TaskQueue;
import io.updraft.core.run.RunStore;
import io.updraft.core.run.TaskChange;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Queues the tasks that were ready but found their pool or DAG full, heaviest priority weight
 * first, as slots free up. Runs after every completion event and on each sweep; the claim skips
 * rows another scheduler holds, so two schedulers queue each task once.
 */
final class QueueScheduledTasks {
  private static final int BATCH = 500;

  private final RunStore runs;
  private final TaskQueue queue;
  private final Clock clock;

  QueueScheduledTasks(RunStore runs, TaskQueue queue, Clock clock) {
    this.runs = runs;
    this.queue = queue;
    this.clock = clock;
  }

  int runOnce() {
    List<TaskChange> queued = runs.queueScheduled(BATCH, clock.instant());
    List<TaskMessage> messages = new ArrayList<>();
    for (TaskChange c : queued) {
      runs.findTaskInstance(c.taskInstanceId())
          .ifPresent(
              ti ->
                  messages.add(
                      new TaskMessage(
                          ti.id(),
                          c.resultingTryNumber(),
                          ti.dagId(),
                          ti.runId(),
                          ti.taskId(),
                          ti.queue())));
    }
    if (!messages.isEmpty()) {
      queue.push(messages);
    }
    return messages.size();
  }
}

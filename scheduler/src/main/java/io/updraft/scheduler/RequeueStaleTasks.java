package io.updraft.scheduler;

import io.updraft.core.queue.TaskMessage;
import io.updraft.core.queue.TaskQueue;
import io.updraft.core.run.RunStore;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.TaskState;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes again the tasks queued too long ago: Redis may have lost their messages. Touching the
 * queued time first (a fenced queued → queued change) keeps two schedulers from pushing one task
 * twice; a duplicate that slips through is dropped by the worker's fence anyway.
 */
final class RequeueStaleTasks {
  private static final Logger LOG = LoggerFactory.getLogger(RequeueStaleTasks.class);

  private final RunStore runs;
  private final TaskQueue queue;
  private final Clock clock;
  private final Duration after;

  RequeueStaleTasks(RunStore runs, TaskQueue queue, Clock clock, Duration after) {
    this.runs = runs;
    this.queue = queue;
    this.clock = clock;
    this.after = after;
  }

  int runOnce() {
    List<TaskInstance> stale = runs.queuedBefore(clock.instant().minus(after), 500);
    if (stale.isEmpty()) {
      return 0;
    }
    List<TaskChange> touched =
        runs.applyAll(
            stale.stream()
                .map(ti -> TaskChange.of(ti, TaskState.QUEUED, clock.instant()))
                .toList());
    List<TaskMessage> messages =
        stale.stream()
            .filter(ti -> touched.stream().anyMatch(c -> c.taskInstanceId() == ti.id()))
            .map(
                ti ->
                    new TaskMessage(
                        ti.id(), ti.tryNumber(), ti.dagId(), ti.runId(), ti.taskId(), ti.queue()))
            .toList();
    queue.push(messages);
    LOG.info("Pushed {} task(s) again that were queued for more than {}", messages.size(), after);
    return messages.size();
  }
}

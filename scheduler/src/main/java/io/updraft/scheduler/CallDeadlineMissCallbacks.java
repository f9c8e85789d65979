package io.updraft.scheduler;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagSource;
import io.updraft.core.dag.DeadlineMissContext;
import io.updraft.core.dag.RunCallbackContext;
import io.updraft.core.deadline.DeadlineMiss;
import io.updraft.core.deadline.DeadlineMissCallback;
import io.updraft.core.run.CallbackRequests;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.RunStore;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles {@link CallbackRequests#DEADLINE_MISS}: tells the DAG's {@code onDeadlineMiss} callback
 * of a miss the request was written with, in the transaction that recorded the miss, with the run's
 * fields, connections and hooks (so a notifier can be the callback).
 */
final class CallDeadlineMissCallbacks implements CallbackHandler {
  private static final Logger LOG = LoggerFactory.getLogger(CallDeadlineMissCallbacks.class);

  private final RunStore runs;
  private final DagSource dagSource;
  private final CallbackConnections connections;

  CallDeadlineMissCallbacks(RunStore runs, DagSource dagSource, CallbackConnections connections) {
    this.runs = runs;
    this.dagSource = dagSource;
    this.connections = connections;
  }

  @Override
  public boolean handle(CallbackRequests.Request request) throws Exception {
    Optional<DeadlineMiss> miss = runs.findDeadlineMiss(request.number("deadline_miss_id"));
    Optional<DagRun> run = runs.findRun(request.dagRunId());
    if (miss.isEmpty() || run.isEmpty()) {
      return false;
    }
    Optional<DeadlineMissCallback> callback = callbackOf(run.get());
    if (callback.isEmpty()) {
      return false;
    }
    DagRun found = run.get();
    try (CallbackConnections.Lent lent = connections.lend(found.dagId(), null)) {
      RunCallbackContext context =
          new RunCallbackContext(
              found.dagId(),
              found.runId(),
              found.logicalDate(),
              found.state(),
              found.conf(),
              List.of(),
              lent);
      callback.get().onMiss(miss.get(), new DeadlineMissContext(miss.get(), context));
    }
    LOG.info("Told the deadline callback of {} that it missed", miss.get().describe());
    return true;
  }

  private Optional<DeadlineMissCallback> callbackOf(DagRun run) {
    try {
      Dag dag = dagSource.dag(run.dagId(), run.codeVersion());
      return Optional.ofNullable(dag.onDeadlineMiss());
    } catch (RuntimeException e) {
      LOG.warn(
          "Cannot load DAG '{}' for the deadline callback of run {}: {}",
          run.dagId(),
          run.runId(),
          e.toString());
      return Optional.empty();
    }
  }
}

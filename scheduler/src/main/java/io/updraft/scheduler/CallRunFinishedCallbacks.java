package io.updraft.scheduler;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagSource;
import io.updraft.core.dag.RunCallback;
import io.updraft.core.dag.RunCallbackContext;
import io.updraft.core.run.CallbackRequests;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.RunStore;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles {@link CallbackRequests#RUN_FINISHED}: runs the DAG run callback ({@code onRunSuccess},
 * {@code onRunFailure}) of a run that finished, with the DAG's code the run was created from and
 * the run's fields, connections and hooks.
 */
final class CallRunFinishedCallbacks implements CallbackHandler {
  private static final Logger LOG = LoggerFactory.getLogger(CallRunFinishedCallbacks.class);

  private final RunStore runs;
  private final DagSource dagSource;
  private final CallbackConnections connections;

  CallRunFinishedCallbacks(RunStore runs, DagSource dagSource, CallbackConnections connections) {
    this.runs = runs;
    this.dagSource = dagSource;
    this.connections = connections;
  }

  @Override
  public boolean handle(CallbackRequests.Request request) throws Exception {
    RunState state = RunState.fromWireName(request.text("state"));
    Optional<DagRun> found = runs.findRun(request.dagRunId());
    Optional<RunCallback> callback = found.flatMap(r -> callbackOf(r, state));
    if (callback.isEmpty()) {
      return false;
    }
    DagRun run = found.get();
    List<String> failed =
        runs.taskInstances(run.id()).stream()
            .filter(ti -> ti.state() == TaskState.FAILED || ti.state() == TaskState.UPSTREAM_FAILED)
            .map(ti -> ti.taskId())
            .distinct()
            .toList();
    try (CallbackConnections.Lent lent = connections.lend(run.dagId(), null)) {
      callback
          .get()
          .call(
              new RunCallbackContext(
                  run.dagId(), run.runId(), run.logicalDate(), state, run.conf(), failed, lent));
    }
    LOG.info("Ran the {} callback of {} run {}", state.wireName(), run.dagId(), run.runId());
    return true;
  }

  private Optional<RunCallback> callbackOf(DagRun run, RunState state) {
    try {
      Dag dag = dagSource.dag(run.dagId(), run.codeVersion());
      return dag.runCallbackFor(state);
    } catch (RuntimeException e) {
      // A DAG no longer loaded has no code to call back.
      LOG.warn(
          "Cannot load DAG '{}' for the {} callback of run {}: {}",
          run.dagId(),
          state.wireName(),
          run.runId(),
          e.toString());
      return Optional.empty();
    }
  }
}

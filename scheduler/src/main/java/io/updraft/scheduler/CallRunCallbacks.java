package io.updraft.scheduler;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagSource;
import io.updraft.core.dag.RunCallback;
import io.updraft.core.dag.RunCallbackContext;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.RunCallbackRequests;
import io.updraft.core.run.RunStore;
import io.updraft.core.state.TaskState;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the DAG run callbacks ({@code onRunSuccess}, {@code onRunFailure}) of the runs that
 * finished: claims their requests from the outbox written with the run's final state, runs each
 * callback with the DAG's code the run was created from, and marks the request done, or failed with
 * its error. A callback that throws is logged and never tried again; a request whose scheduler
 * stopped mid-way is claimed again after {@link #STALE_AFTER}, so a callback runs at least once.
 */
final class CallRunCallbacks {
  private static final Logger LOG = LoggerFactory.getLogger(CallRunCallbacks.class);
  static final Duration STALE_AFTER = Duration.ofMinutes(5);
  private static final int BATCH = 50;

  private final RunCallbackRequests requests;
  private final RunStore runs;
  private final DagSource dagSource;
  private final Clock clock;
  private final String owner;

  CallRunCallbacks(
      RunCallbackRequests requests, RunStore runs, DagSource dagSource, Clock clock, String owner) {
    this.requests = requests;
    this.runs = runs;
    this.dagSource = dagSource;
    this.clock = clock;
    this.owner = owner;
  }

  /** Handles the requests waiting now; returns how many callbacks ran (well or not). */
  int runOnce() {
    int called = 0;
    for (RunCallbackRequests.Request request :
        requests.claim(owner, BATCH, clock.instant(), STALE_AFTER)) {
      Optional<DagRun> run = runs.findRun(request.dagRunId());
      Optional<RunCallback> callback = run.flatMap(r -> callbackOf(r, request));
      if (callback.isEmpty()) {
        requests.done(request.id(), clock.instant());
        continue;
      }
      called++;
      call(request, run.get(), callback.get());
    }
    return called;
  }

  private Optional<RunCallback> callbackOf(DagRun run, RunCallbackRequests.Request request) {
    try {
      Dag dag = dagSource.dag(run.dagId(), run.codeVersion());
      return dag.runCallbackFor(request.state());
    } catch (RuntimeException e) {
      // A DAG no longer loaded has no code to call back.
      LOG.warn(
          "Cannot load DAG '{}' for the {} callback of run {}: {}",
          run.dagId(),
          request.state(),
          run.runId(),
          e.toString());
      return Optional.empty();
    }
  }

  private void call(RunCallbackRequests.Request request, DagRun run, RunCallback callback) {
    List<String> failed =
        runs.taskInstances(run.id()).stream()
            .filter(ti -> ti.state() == TaskState.FAILED || ti.state() == TaskState.UPSTREAM_FAILED)
            .map(ti -> ti.taskId())
            .distinct()
            .toList();
    RunCallbackContext context =
        new RunCallbackContext(
            run.dagId(), run.runId(), run.logicalDate(), request.state(), run.conf(), failed);
    try {
      callback.call(context);
      requests.done(request.id(), clock.instant());
      LOG.info("Ran the {} callback of {} run {}", request.state(), run.dagId(), run.runId());
    } catch (Exception | LinkageError | AssertionError e) {
      LOG.warn(
          "The {} callback of {} run {} failed; the run's state stays",
          request.state(),
          run.dagId(),
          run.runId(),
          e);
      requests.failed(request.id(), clock.instant(), e.toString());
    }
  }
}

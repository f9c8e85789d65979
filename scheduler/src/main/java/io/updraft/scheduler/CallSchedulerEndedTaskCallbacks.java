package io.updraft.scheduler;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagSource;
import io.updraft.core.dag.Task;
import io.updraft.core.dag.TaskCallback;
import io.updraft.core.dag.TaskCallbacks;
import io.updraft.core.run.CallbackRequests;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.RunStore;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.TaskState;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles {@link CallbackRequests#TASK_FAILED_BY_SCHEDULER}: calls the {@code onFailure} (or, for a
 * try put up for retry, {@code onRetry}) callback of a try the scheduler ended itself, which its
 * worker never got to call (Airflow runs a zombie's failure callback in its DAG processor). The
 * callback gets the try's identity, why it ended, and the run's connections and hooks.
 */
final class CallSchedulerEndedTaskCallbacks implements CallbackHandler {
  private static final Logger LOG = LoggerFactory.getLogger(CallSchedulerEndedTaskCallbacks.class);

  private final RunStore runs;
  private final DagSource dagSource;
  private final CallbackConnections connections;

  CallSchedulerEndedTaskCallbacks(
      RunStore runs, DagSource dagSource, CallbackConnections connections) {
    this.runs = runs;
    this.dagSource = dagSource;
    this.connections = connections;
  }

  @Override
  public boolean handle(CallbackRequests.Request request) throws Exception {
    TaskState state = TaskState.fromWireName(request.text("state"));
    int tryNumber = (int) request.number("try_number");
    Optional<TaskInstance> ti = runs.findTaskInstance(request.number("task_instance_id"));
    Optional<DagRun> run = runs.findRun(request.dagRunId());
    if (ti.isEmpty() || run.isEmpty()) {
      return false;
    }
    Optional<TaskCallback> callback = callbackOf(run.get(), ti.get().taskId(), state);
    if (callback.isEmpty()) {
      return false;
    }
    try (CallbackConnections.Lent lent = connections.lend(run.get().dagId(), ti.get().taskId())) {
      callback
          .get()
          .call(
              new SchedulerTaskContext(
                  run.get(), ti.get(), tryNumber, request.text("reason"), runs, lent));
    }
    LOG.info(
        "Ran the {} callback of {}.{} of run {} (try {}, ended by the scheduler)",
        state == TaskState.FAILED ? "failure" : "retry",
        run.get().dagId(),
        ti.get().taskId(),
        run.get().runId(),
        tryNumber);
    return true;
  }

  private Optional<TaskCallback> callbackOf(DagRun run, String taskId, TaskState state) {
    Dag dag;
    try {
      dag = dagSource.dag(run.dagId(), run.codeVersion());
    } catch (RuntimeException e) {
      LOG.warn(
          "Cannot load DAG '{}' for the callback of task {} of run {}: {}",
          run.dagId(),
          taskId,
          run.runId(),
          e.toString());
      return Optional.empty();
    }
    Optional<Task> task = dag.task(taskId);
    if (task.isEmpty()) {
      return Optional.empty();
    }
    TaskCallbacks callbacks = dag.callbacksOf(task.get());
    return Optional.ofNullable(
        state == TaskState.FAILED ? callbacks.onFailure() : callbacks.onRetry());
  }
}

package io.updraft.core.plan;

import io.updraft.core.dag.CompiledDag;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.queue.TaskMessage;
import io.updraft.core.queue.TaskQueue;
import io.updraft.core.run.CreatedRun;
import io.updraft.core.run.HandedOver;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.RunStore;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a triggered run and, when its DAG has room, starts it in the same commit with its root
 * tasks queued ({@link RunStore#createAndStartRun}), then pushes them at once: the first task
 * starts without a trip through the scheduler. A process without a task queue creates the run
 * queued, as does a DAG whose roots the planner must decide (mapped, depending on the past) or that
 * has no task: the scheduler starts those on the run event. A crash or a Redis error between the
 * commit and the push loses nothing: the tasks stay queued in PostgreSQL, and the scheduler pushes
 * again the tasks queued too long ({@code scheduler.requeue_after_seconds}).
 */
public final class RunTrigger {
  private static final Logger LOG = LoggerFactory.getLogger(RunTrigger.class);

  private final RunStore runs;
  private final TaskQueue queue;

  /** {@code queue} is null in a process without Redis: its runs are started by the scheduler. */
  public RunTrigger(RunStore runs, TaskQueue queue) {
    this.runs = runs;
    this.queue = queue;
  }

  /**
   * Creates the run of {@code request}; empty when the DAG already has a run with its run id or
   * logical date. The run comes back running when it started here, else queued: the caller tells
   * the scheduler of a queued one (a run event).
   */
  public Optional<CreatedRun> trigger(NewDagRun request, DagStructure dag) {
    CompiledDag compiled = CompiledDag.of(dag);
    if (queue == null || dag.tasks().isEmpty() || compiled.hasPlannedRoots()) {
      return runs.createRun(request, dag).map(run -> new CreatedRun(run, Optional.empty()));
    }
    Optional<CreatedRun> created =
        runs.createAndStartRun(
            request, dag, dag.maxActiveRuns(), dag.maxActiveTasks(), compiled.roots());
    created.flatMap(CreatedRun::started).ifPresent(started -> push(request, started));
    return created;
  }

  private void push(NewDagRun request, HandedOver started) {
    List<TaskMessage> messages = started.queued().stream().map(TaskMessage::of).toList();
    if (messages.isEmpty()) {
      return;
    }
    try {
      queue.push(messages);
    } catch (RuntimeException e) {
      // The run and its queued tasks are committed: the scheduler's requeue pushes them later.
      LOG.warn(
          "Run {} of {} started, but its {} queued task(s) could not be pushed now; the scheduler"
              + " pushes them again after scheduler.requeue_after_seconds",
          request.runId(),
          request.dagId(),
          messages.size(),
          e);
    }
  }
}

package io.updraft.core.plan;

import io.updraft.core.dag.CompiledDag;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.queue.TaskMessage;
import io.updraft.core.queue.TaskQueue;
import io.updraft.core.run.CreatedRun;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.HandedOver;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.RunStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a triggered run and, when its DAG has room, starts it in the same commit with its root
 * tasks queued ({@link RunStore#createAndStartRun}), then pushes them at once: the first task
 * starts without a trip through the scheduler. That commit holds the run and its root tasks only.
 * The other task instances follow in a second commit ({@link RunStore#addMissingTaskInstances}):
 * made by the worker that claims a pushed root task, once that task runs ({@link
 * MissingTaskInstances#addToStarted}), so that neither waiting for a row per task nor competing
 * with their insert delays the first task; made here when nothing was pushed (the run left queued,
 * its roots held by a limit, or Redis unreachable). A process without a task queue creates the run
 * queued, as does a DAG whose roots the planner must decide (mapped, depending on the past) or that
 * has no task: the scheduler starts those on the run event.
 *
 * <p>Nothing is lost to a crash or a Redis error between the steps. Tasks committed queued but not
 * pushed stay queued in PostgreSQL, and the scheduler pushes again the tasks queued too long
 * ({@code scheduler.requeue_after_seconds}). A run without its second commit is completed by the
 * next plan of it ({@link MissingTaskInstances}): a worker's, or the scheduler's sweep.
 */
public final class RunTrigger {
  private static final Logger LOG = LoggerFactory.getLogger(RunTrigger.class);

  private final RunStore runs;
  private final TaskQueue queue;
  private final AdvanceRun planner;

  /** {@code queue} is null in a process without Redis: its runs are started by the scheduler. */
  public RunTrigger(RunStore runs, TaskQueue queue, Clock clock) {
    this.runs = runs;
    this.queue = queue;
    this.planner = queue == null ? null : new AdvanceRun(runs, queue, clock);
  }

  /**
   * Creates the run of {@code request}; empty when the DAG already has a run with its run id or
   * logical date. The run comes back running when it started here, else queued: the caller tells
   * the scheduler of a queued one (a run event); a started one needs no scheduler.
   */
  public Optional<CreatedRun> trigger(NewDagRun request, DagStructure dag) {
    CompiledDag compiled = CompiledDag.of(dag);
    if (queue == null || dag.tasks().isEmpty() || compiled.hasPlannedRoots()) {
      return runs.createRun(request, dag).map(run -> new CreatedRun(run, Optional.empty()));
    }
    Optional<CreatedRun> created =
        runs.createAndStartRun(
            request, dag, dag.maxActiveRuns(), dag.maxActiveTasks(), compiled.roots());
    created.ifPresent(
        c -> {
          boolean pushed = c.started().map(started -> push(request, started)).orElse(false);
          if (!pushed) {
            addTheOtherTasks(c, dag);
          }
        });
    return created;
  }

  /**
   * The second commit, when no worker is told to make it. A root task that ended before it could
   * not hand over to tasks not yet there: planning the run queues what it made ready.
   */
  private void addTheOtherTasks(CreatedRun created, DagStructure dag) {
    DagRun run = created.run();
    try {
      if (runs.addMissingTaskInstances(run, dag) && created.started().isPresent()) {
        planner.advance(runs.findRun(run.id()).orElse(run), dag);
      }
    } catch (RuntimeException e) {
      LOG.warn(
          "Run {} of {} is created with its root tasks, but its other task instances could not be"
              + " added now; the next plan of the run (a worker's, or the scheduler's sweep) adds"
              + " them",
          run.runId(),
          run.dagId(),
          e);
    }
  }

  /** Whether a root task was pushed: its worker then adds the other task instances. */
  private boolean push(NewDagRun request, HandedOver started) {
    List<TaskMessage> messages =
        started.queued().stream().map(TaskMessage::ofPartialRunRoot).toList();
    if (messages.isEmpty()) {
      return false;
    }
    try {
      queue.push(messages);
      return true;
    } catch (RuntimeException e) {
      // The run and its queued tasks are committed: the scheduler's requeue pushes them later.
      LOG.warn(
          "Run {} of {} started, but its {} queued task(s) could not be pushed now; the scheduler"
              + " pushes them again after scheduler.requeue_after_seconds",
          request.runId(),
          request.dagId(),
          messages.size(),
          e);
      return false;
    }
  }
}

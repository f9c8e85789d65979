package io.updraft.worker;

import io.updraft.core.dag.BranchOperator;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagBag;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.ShortCircuitOperator;
import io.updraft.core.dag.Task;
import io.updraft.core.dag.TaskNode;
import io.updraft.core.hook.HookScope;
import io.updraft.core.hook.Hooks;
import io.updraft.core.json.Json;
import io.updraft.core.plan.AdvanceRun;
import io.updraft.core.plan.BranchSkips;
import io.updraft.core.queue.RunEvents;
import io.updraft.core.queue.TaskMessage;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.DagStore;
import io.updraft.core.run.RunStore;
import io.updraft.core.run.StoredDag;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.run.TaskLogStore;
import io.updraft.core.run.XComStore;
import io.updraft.core.secrets.SecretsChain;
import io.updraft.core.state.TaskState;
import io.updraft.core.task.TaskSkippedException;
import io.updraft.core.template.TemplateRenderer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one try of one task instance: claims it with a fenced update, runs its operator, records the
 * outcome with the same fence, then plans the run again so that downstream tasks are queued at once
 * (Airflow's "mini scheduler") instead of waiting for the scheduler.
 */
public final class TaskRunner {
  private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);

  private final String workerName;
  private final DagBag dagBag;
  private final RunStore runs;
  private final DagStore dags;
  private final XComStore xcoms;
  private final TaskLogStore logs;
  private final AdvanceRun advance;
  private final RunEvents events;
  private final Clock clock;
  private final RunningTasks running;
  private final XComWriter xcomWriter;
  private final SecretsChain secrets;
  private final TemplateRenderer renderer = new TemplateRenderer();
  private final ScheduledExecutorService timeouts =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("updraft-task-timeouts").unstarted(r));
  private final Hooks hooks;

  TaskRunner(
      String workerName,
      DagBag dagBag,
      RunStore runs,
      DagStore dags,
      XComStore xcoms,
      TaskLogStore logs,
      AdvanceRun advance,
      RunEvents events,
      Clock clock,
      RunningTasks running,
      int xcomMaxBytes,
      SecretsChain secrets,
      Hooks hooks) {
    this.hooks = hooks;
    this.workerName = workerName;
    this.dagBag = dagBag;
    this.runs = runs;
    this.dags = dags;
    this.xcoms = xcoms;
    this.logs = logs;
    this.advance = advance;
    this.events = events;
    this.clock = clock;
    this.running = running;
    this.xcomWriter = new XComWriter(xcoms, xcomMaxBytes);
    this.secrets = secrets;
  }

  /** Runs the message's try; returns false when the message was stale and nothing ran. */
  public boolean run(TaskMessage message) {
    Optional<TaskInstance> found = runs.findTaskInstance(message.taskInstanceId());
    if (found.isEmpty()) {
      LOG.debug("Dropping message for task instance {}: it no longer exists", message);
      return false;
    }
    TaskInstance ti = found.get();
    TaskChange claim =
        new TaskChange(
            ti.id(),
            message.tryNumber(),
            TaskState.QUEUED,
            TaskState.RUNNING,
            clock.instant(),
            false,
            null,
            workerName);
    if (!runs.apply(claim)) {
      // Another worker took this try, or it was cleared or already done: the row is the truth.
      LOG.debug("Dropping stale message {}", message);
      return false;
    }
    DagRun run = runs.findRun(ti.dagRunId()).orElseThrow();
    BufferedTaskLog taskLog =
        new BufferedTaskLog(logs, ti.id(), message.tryNumber(), secrets.masker());
    taskLog.info(
        "Running "
            + ti.dagId()
            + "."
            + ti.taskId()
            + " try "
            + message.tryNumber()
            + "/"
            + ti.maxTries()
            + " of run "
            + run.runId()
            + " on "
            + workerName);
    RunningTasks.Execution execution = running.start(ti.id(), message.tryNumber());
    Outcome outcome;
    try {
      outcome = execute(run, ti, message.tryNumber(), taskLog, execution);
    } finally {
      running.finish(execution);
      Thread.interrupted(); // a late timeout must not disturb recording the outcome
    }
    taskLog.flush();
    TaskChange recorded =
        new TaskChange(
            ti.id(),
            message.tryNumber(),
            TaskState.RUNNING,
            outcome.state(),
            clock.instant(),
            false,
            outcome.nextTryAt(),
            null);
    recordAndPlanNext(recorded, run, ti);
    events.publish(run.id());
    return true;
  }

  private Outcome execute(
      DagRun run,
      TaskInstance ti,
      int tryNumber,
      BufferedTaskLog taskLog,
      RunningTasks.Execution execution) {
    long started = System.nanoTime();
    Task task = null;
    Dag dag = null;
    ScheduledFuture<?> timeout = null;
    HookScope hookScope = hooks.scope("task " + ti.dagId() + "." + ti.taskId());
    try {
      dag =
          dagBag
              .get(ti.dagId())
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "DAG '" + ti.dagId() + "' is not in worker " + workerName + "'s DAGs"));
      task =
          dag.task(ti.taskId())
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "Task '" + ti.taskId() + "' is not in DAG '" + ti.dagId() + "'"));
      WorkerTaskContext context =
          new WorkerTaskContext(
                  run,
                  ti.taskId(),
                  tryNumber,
                  xcoms,
                  xcomWriter,
                  renderer,
                  taskLog,
                  secrets,
                  workerName)
              .withHooks(hookScope);
      if (task.executionTimeout() != null) {
        timeout =
            timeouts.schedule(
                () -> execution.stop(RunningTasks.StopReason.TIMEOUT),
                task.executionTimeout().toNanos(),
                TimeUnit.NANOSECONDS);
      }
      Object result;
      // Flushed at least every second, so the log can be followed while the task runs.
      ScheduledFuture<?> flusher =
          timeouts.scheduleWithFixedDelay(taskLog::flush, 1, 1, TimeUnit.SECONDS);
      TaskLogAppender.Scope routed = TaskLogAppender.route(ti.id(), tryNumber, taskLog);
      try {
        result = task.operator().execute(context);
      } finally {
        routed.close();
        flusher.cancel(false);
      }
      if (execution.stopReason() != null) {
        throw new InterruptedException("stopped: " + execution.stopReason());
      }
      if (result != null) {
        xcomWriter.put(run.id(), ti.dagId(), ti.taskId(), XComStore.RETURN_VALUE, result);
      }
      taskLog.info("Task succeeded in " + millisSince(started) + " ms");
      return new Outcome(TaskState.SUCCESS, null);
    } catch (TaskSkippedException e) {
      taskLog.info("Task skipped after " + millisSince(started) + " ms: " + e.getMessage());
      return new Outcome(TaskState.SKIPPED, null);
    } catch (Exception | LinkageError | AssertionError e) {
      RunningTasks.StopReason stopped = execution.stopReason();
      if (stopped == RunningTasks.StopReason.SHUTDOWN) {
        taskLog.info("Worker " + workerName + " is stopping: task interrupted, put up for retry");
        return new Outcome(TaskState.UP_FOR_RETRY, clock.instant());
      }
      if (stopped == RunningTasks.StopReason.TIMEOUT) {
        taskLog.info(
            "Task timed out: it ran longer than its execution timeout of "
                + task.executionTimeout()
                + " and was stopped");
      } else {
        taskLog.info("Task failed after " + millisSince(started) + " ms: " + stackTrace(e));
      }
      if (tryNumber < ti.maxTries()) {
        Duration delay =
            task != null
                ? dag.retryPolicyOf(task)
                    .delayAfter(tryNumber, ThreadLocalRandom.current().nextDouble())
                : Duration.ZERO;
        Instant next = clock.instant().plus(delay);
        taskLog.info(
            "Up for retry at " + next + " (try " + (tryNumber + 1) + " of " + ti.maxTries() + ")");
        return new Outcome(TaskState.UP_FOR_RETRY, next);
      }
      return new Outcome(TaskState.FAILED, null);
    } finally {
      if (timeout != null) {
        timeout.cancel(false);
      }
      // Hooks the operator left open go back to their pools whatever happened.
      hookScope.close();
    }
  }

  /**
   * Puts up for retry a try that did not stop when its worker shut down. If it finishes after all,
   * its fenced update matches nothing and its outcome is dropped.
   */
  void abandon(RunningTasks.Execution execution) {
    boolean changed =
        runs.apply(
            new TaskChange(
                execution.taskInstanceId(),
                execution.tryNumber(),
                TaskState.RUNNING,
                TaskState.UP_FOR_RETRY,
                clock.instant(),
                false,
                clock.instant(),
                null));
    if (changed) {
      LOG.warn(
          "Task instance {} try {} did not stop in time; put up for retry",
          execution.taskInstanceId(),
          execution.tryNumber());
      runs.findTaskInstance(execution.taskInstanceId())
          .ifPresent(ti -> events.publish(ti.dagRunId()));
    }
  }

  /**
   * Records the outcome and, in the same transaction, queues the downstream tasks it made ready
   * (and applies a branch's or short circuit's skips), so the next task is one commit away.
   */
  private void recordAndPlanNext(TaskChange recorded, DagRun run, TaskInstance ti) {
    Optional<StoredDag> stored = dags.find(run.dagId());
    if (stored.isEmpty()) {
      runs.apply(recorded);
      return;
    }
    DagStructure structure = stored.get().structure();
    advance.record(
        recorded,
        run,
        structure,
        instances -> skipsAfter(recorded, structure, run, ti.taskId(), instances));
  }

  private List<TaskChange> skipsAfter(
      TaskChange recorded,
      DagStructure structure,
      DagRun run,
      String taskId,
      List<TaskInstance> instances) {
    if (recorded.to() != TaskState.SUCCESS) {
      return List.of();
    }
    String kind = structure.task(taskId).map(TaskNode::kind).orElse("");
    if (!kind.equals(BranchOperator.KIND) && !kind.equals(ShortCircuitOperator.KIND)) {
      return List.of();
    }
    Object returned =
        xcoms
            .get(run.id(), taskId, XComStore.RETURN_VALUE)
            .map(json -> Json.read(json, Object.class))
            .orElse(null);
    if (kind.equals(BranchOperator.KIND)) {
      return BranchSkips.forBranch(
          structure, taskId, BranchOperator.followed(returned, taskId), instances, recorded.at());
    }
    return ShortCircuitOperator.isTruthy(returned)
        ? List.of()
        : BranchSkips.forShortCircuit(structure, taskId, instances, recorded.at());
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  private static String stackTrace(Throwable e) {
    StringWriter out = new StringWriter();
    e.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  private record Outcome(TaskState state, Instant nextTryAt) {}
}

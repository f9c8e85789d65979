package io.updraft.worker;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagSource;
import io.updraft.core.dag.Task;
import io.updraft.core.hook.HookScope;
import io.updraft.core.hook.Hooks;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.RunStore;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.run.XComStore;
import io.updraft.core.secrets.SecretsChain;
import io.updraft.core.state.TaskState;
import io.updraft.core.task.TaskRescheduleException;
import io.updraft.core.task.TaskSkippedException;
import io.updraft.core.template.TemplateRenderer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task's operator for one try, on the calling thread: its context (templates, XCom, hooks,
 * secrets), its execution timeout, its log routed and flushed while it runs, and what its end means
 * (success, skip, reschedule, retry or failure). Writes no state: {@link TaskRunner} records the
 * outcome.
 */
final class OperatorRun {
  private final String workerName;
  private final DagSource dagSource;
  private final RunStore runs;
  private final XComStore xcoms;
  private final XComWriter xcomWriter;
  private final SecretsChain secrets;
  private final Hooks hooks;
  private final Clock clock;
  private final TemplateRenderer renderer = new TemplateRenderer();
  private final ScheduledExecutorService timeouts =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("updraft-task-timeouts").unstarted(r));

  OperatorRun(
      String workerName,
      DagSource dagSource,
      RunStore runs,
      XComStore xcoms,
      XComWriter xcomWriter,
      SecretsChain secrets,
      Hooks hooks,
      Clock clock) {
    this.workerName = workerName;
    this.dagSource = dagSource;
    this.runs = runs;
    this.xcoms = xcoms;
    this.xcomWriter = xcomWriter;
    this.secrets = secrets;
    this.hooks = hooks;
    this.clock = clock;
  }

  /** How a try ended, and when it may run again (a retry's or reschedule's time), else null. */
  record Outcome(TaskState state, Instant nextTryAt) {}

  Outcome run(
      DagRun run,
      TaskInstance ti,
      int tryNumber,
      BufferedTaskLog taskLog,
      RenderedTemplates rendered,
      RunningTasks.Execution execution) {
    long started = System.nanoTime();
    Task task = null;
    Dag dag = null;
    ScheduledFuture<?> timeout = null;
    HookScope hookScope = hooks.scope("task " + ti.dagId() + "." + ti.taskId());
    try {
      // The code the run was created from, even if a newer jar was deployed since.
      dag = dagSource.dag(ti.dagId(), run.codeVersion());
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
              .withHooks(hookScope)
              .recordingInto(rendered)
              .timedBy(clock, runs, ti.id());
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
    } catch (TaskRescheduleException e) {
      // Same try, no retry used: the scheduler queues it again once the date has passed.
      taskLog.info("Task up for reschedule at " + e.rescheduleDate() + "; its worker slot is free");
      return new Outcome(TaskState.UP_FOR_RESCHEDULE, e.rescheduleDate());
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

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  private static String stackTrace(Throwable e) {
    StringWriter out = new StringWriter();
    e.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}

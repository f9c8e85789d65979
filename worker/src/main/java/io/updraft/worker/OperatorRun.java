package io.updraft.worker;

import io.updraft.core.dag.Asset;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagSource;
import io.updraft.core.dag.JavaTaskIsolation;
import io.updraft.core.dag.Task;
import io.updraft.core.hook.HookScope;
import io.updraft.core.hook.Hooks;
import io.updraft.core.metrics.MetricsRecorder;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.RunStore;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.run.XComStore;
import io.updraft.core.secrets.SecretsChain;
import io.updraft.core.state.TaskState;
import io.updraft.core.task.DagRuns;
import io.updraft.core.task.TaskRescheduleException;
import io.updraft.core.task.TaskSkippedException;
import io.updraft.core.template.TemplateRenderer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a task's operator for one try, on the calling thread: its context (templates, XCom, hooks,
 * secrets), its execution timeout, its log routed and flushed while it runs, and what its end means
 * (success, skip, reschedule, retry or failure). Writes no state: {@link TaskRunner} records the
 * outcome.
 *
 * <p>The timeout decides a try's outcome at once: it interrupts the thread and hands over a failure
 * (or retry) without waiting for the thread, since Java cannot stop a thread that ignores
 * interrupts (a busy loop). Such a thread keeps running, detached; when it ends at last, its end
 * records nothing.
 */
final class OperatorRun {
  /** How long a thread has to stop after its timeout before it is reported as detached. */
  static final Duration STOP_GRACE = Duration.ofSeconds(1);

  private static final Logger LOG = LoggerFactory.getLogger(OperatorRun.class);

  private final String workerName;
  private final DagSource dagSource;
  private final RunStore runs;
  private final XComStore xcoms;
  private final XComWriter xcomWriter;
  private final SecretsChain secrets;
  private final Hooks hooks;
  private final Clock clock;
  private final MetricsRecorder metrics;
  private final DagRuns dagRuns;
  private volatile boolean isolateJavaTasks;
  private final TemplateRenderer renderer = new TemplateRenderer();
  private final ScheduledExecutorService timeouts =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("updraft-task-timeouts").unstarted(r));

  /** Writes logs while tasks run: apart from the timeouts, which a slow database must not delay. */
  private final ScheduledExecutorService flushes =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("updraft-task-log-flushes").unstarted(r));

  private final LiveTaskLogs liveLogs = new LiveTaskLogs(flushes);

  OperatorRun(
      String workerName,
      DagSource dagSource,
      RunStore runs,
      XComStore xcoms,
      XComWriter xcomWriter,
      SecretsChain secrets,
      Hooks hooks,
      Clock clock,
      MetricsRecorder metrics,
      DagRuns dagRuns) {
    this.workerName = workerName;
    this.dagSource = dagSource;
    this.runs = runs;
    this.xcoms = xcoms;
    this.xcomWriter = xcomWriter;
    this.secrets = secrets;
    this.hooks = hooks;
    this.clock = clock;
    this.metrics = metrics;
    this.dagRuns = dagRuns;
  }

  /** The worker's worker.isolate_java_tasks: a Java task's own or its DAG's choice comes first. */
  void isolateJavaTasks(boolean isolate) {
    this.isolateJavaTasks = isolate;
  }

  /** How a try ended, and when it may run again (a retry's or reschedule's time), else null. */
  // outlets: the assets a success updates (its task's outlets); empty for other outcomes.
  record Outcome(TaskState state, Instant nextTryAt, List<Asset> outlets) {
    Outcome(TaskState state, Instant nextTryAt) {
      this(state, nextTryAt, List.of());
    }
  }

  /**
   * Runs the operator on the calling thread. Returns its outcome, or null when the try's timeout
   * decided it first: then {@code timedOut} got the outcome, from the timeouts' thread, as soon as
   * the timeout passed.
   */
  Outcome run(
      DagRun run,
      TaskInstance ti,
      int tryNumber,
      BufferedTaskLog taskLog,
      RenderedTemplates rendered,
      RunningTasks.Execution execution,
      TryCallbacks callbacks,
      Consumer<Outcome> timedOut) {
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
      XComWriter tryXComs = xcomWriter.forTry();
      WorkerTaskContext context =
          new WorkerTaskContext(
                  run,
                  ti.taskId(),
                  tryNumber,
                  xcoms,
                  tryXComs,
                  renderer,
                  taskLog,
                  secrets,
                  workerName)
              .withHooks(hookScope)
              .recordingInto(rendered)
              .timedBy(clock, runs, ti.id())
              .mappedAs(ti.mapIndex(), task.mapping())
              .scheduledBy(dag)
              .seeing(dagRuns);
      callbacks.prepared(dag.callbacksOf(task), context);
      if (task.executionTimeout() != null) {
        Dag timedDag = dag;
        Task timedTask = task;
        timeout =
            timeouts.schedule(
                () -> timeOut(timedDag, timedTask, ti, tryNumber, taskLog, execution, timedOut),
                task.executionTimeout().toNanos(),
                TimeUnit.NANOSECONDS);
      }
      Object result;
      TaskLogAppender.Scope routed = TaskLogAppender.route(ti.id(), tryNumber, taskLog);
      // Flushed at least every second, so the log can be followed while the task runs.
      liveLogs.add(taskLog);
      try {
        callbacks.beforeOperator();
        result =
            JavaTaskIsolation.byWorkerDefault(task.operator(), isolateJavaTasks).execute(context);
      } finally {
        routed.close();
        liveLogs.remove(taskLog);
      }
      if (!execution.end()) {
        return null;
      }
      if (execution.stopReason() != null) {
        throw new InterruptedException("stopped: " + execution.stopReason());
      }
      if (result != null) {
        tryXComs.put(
            run.id(), ti.dagId(), ti.taskId(), ti.mapIndex(), XComStore.RETURN_VALUE, result);
      }
      taskLog.updraftLine("Task succeeded in " + millisSince(started) + " ms");
      return new Outcome(TaskState.SUCCESS, null, task.outlets());
    } catch (TaskRescheduleException e) {
      if (!execution.end()) {
        return null;
      }
      // Same try, no retry used: the scheduler queues it again once the date has passed.
      taskLog.updraftLine(
          "Task up for reschedule at " + e.rescheduleDate() + "; its worker slot is free");
      return new Outcome(TaskState.UP_FOR_RESCHEDULE, e.rescheduleDate());
    } catch (TaskSkippedException e) {
      if (!execution.end()) {
        return null;
      }
      taskLog.updraftLine("Task skipped after " + millisSince(started) + " ms: " + e.getMessage());
      return new Outcome(TaskState.SKIPPED, null);
    } catch (Exception | LinkageError | AssertionError e) {
      if (!execution.end()) {
        return null;
      }
      if (execution.stopReason() == RunningTasks.StopReason.SHUTDOWN) {
        taskLog.updraftLine(
            "Worker " + workerName + " is stopping: task interrupted, put up for retry");
        return new Outcome(TaskState.UP_FOR_RETRY, clock.instant());
      }
      if (execution.stopReason() == RunningTasks.StopReason.LEASE_LOST) {
        // Stopped before the scheduler may retry it, so that it never runs twice.
        taskLog.updraftLine(
            "Worker " + workerName + " lost its lease (no heartbeat): task stopped");
        return failure(dag, task, ti, tryNumber, taskLog);
      }
      taskLog.updraftLine("Task failed after " + millisSince(started) + " ms: " + stackTrace(e));
      return failure(dag, task, ti, tryNumber, taskLog);
    } finally {
      if (timeout != null) {
        timeout.cancel(false);
      }
      // Hooks the operator left open go back to their pools whatever happened.
      hookScope.close();
    }
  }

  /** A failed try, said in its log: up for retry while tries are left, else failed. */
  private Outcome failure(Dag dag, Task task, TaskInstance ti, int tryNumber, BufferedTaskLog log) {
    Outcome outcome = retryOrFail(dag, task, ti, tryNumber);
    if (outcome.state() == TaskState.UP_FOR_RETRY) {
      log.updraftLine(retryLine(outcome, ti, tryNumber));
    }
    return outcome;
  }

  private Outcome retryOrFail(Dag dag, Task task, TaskInstance ti, int tryNumber) {
    if (tryNumber >= ti.maxTries()) {
      return new Outcome(TaskState.FAILED, null);
    }
    Duration delay =
        task != null
            ? dag.retryPolicyOf(task)
                .delayAfter(tryNumber, ThreadLocalRandom.current().nextDouble())
            : Duration.ZERO;
    return new Outcome(TaskState.UP_FOR_RETRY, clock.instant().plus(delay));
  }

  private static String retryLine(Outcome outcome, TaskInstance ti, int tryNumber) {
    return "Up for retry at "
        + outcome.nextTryAt()
        + " (try "
        + (tryNumber + 1)
        + " of "
        + ti.maxTries()
        + ")";
  }

  /**
   * On the timeouts' thread, when a try's timeout passes: interrupts its thread and hands over its
   * failure at once, unless its thread ended first. A thread still running after {@link
   * #STOP_GRACE} is said so in the try's log and counted as unstoppable.
   */
  private void timeOut(
      Dag dag,
      Task task,
      TaskInstance ti,
      int tryNumber,
      BufferedTaskLog taskLog,
      RunningTasks.Execution execution,
      Consumer<Outcome> timedOut) {
    if (!execution.timeOut()) {
      return;
    }
    Outcome outcome = retryOrFail(dag, task, ti, tryNumber);
    try {
      taskLog.updraftLine(
          "Task timed out: it ran longer than its execution timeout of "
              + task.executionTimeout()
              + "; its thread was interrupted and the try ends now");
      if (outcome.state() == TaskState.UP_FOR_RETRY) {
        taskLog.updraftLine(retryLine(outcome, ti, tryNumber));
      }
    } catch (RuntimeException e) {
      // A log that cannot be written must not keep the try from ending.
      LOG.warn(
          "Cannot write the timeout of task instance {} to its log: {}", ti.id(), e.toString());
    }
    timedOut.accept(outcome);
    flushes.schedule(
        () -> reportIfStillRunning(ti, taskLog, execution),
        STOP_GRACE.toNanos(),
        TimeUnit.NANOSECONDS);
  }

  private void reportIfStillRunning(
      TaskInstance ti, BufferedTaskLog taskLog, RunningTasks.Execution execution) {
    if (!execution.detach()) {
      return;
    }
    metrics.taskThreadUnstoppable(ti.dagId());
    LOG.warn(
        "Task {}.{} (task instance {}) did not stop after its timeout; its thread keeps running",
        ti.dagId(),
        ti.taskId(),
        ti.id());
    try {
      taskLog.updraftLine(
          "Task thread did not stop within "
              + STOP_GRACE.toMillis()
              + " ms of its timeout; it keeps running detached and is counted in"
              + " updraft_task_threads_unstoppable. Code that neither blocks nor checks"
              + " Thread.interrupted() cannot be stopped; when it ends, nothing is recorded.");
      taskLog.flush();
    } catch (RuntimeException e) {
      LOG.warn("Cannot write to the log of task instance {}: {}", ti.id(), e.toString());
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

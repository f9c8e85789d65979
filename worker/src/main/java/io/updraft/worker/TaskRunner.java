package io.updraft.worker;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagBag;
import io.updraft.core.dag.Task;
import io.updraft.core.hook.ConnectionLookup;
import io.updraft.core.hook.HookScope;
import io.updraft.core.hook.Hooks;
import io.updraft.core.json.Json;
import io.updraft.core.plan.AdvanceRun;
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
import io.updraft.core.state.TaskState;
import io.updraft.core.task.TaskSkippedException;
import io.updraft.core.template.TemplateRenderer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
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
  private final TemplateRenderer renderer = new TemplateRenderer();
  private final Hooks hooks;

  public TaskRunner(
      String workerName,
      DagBag dagBag,
      RunStore runs,
      DagStore dags,
      XComStore xcoms,
      TaskLogStore logs,
      AdvanceRun advance,
      RunEvents events,
      Clock clock) {
    this(
        workerName,
        dagBag,
        runs,
        dags,
        xcoms,
        logs,
        advance,
        events,
        clock,
        Hooks.load(
            ConnectionLookup.environment(System.getenv()),
            Thread.currentThread().getContextClassLoader()));
  }

  /** A runner whose tasks open hooks through {@code hooks} (connections from a secrets chain). */
  public TaskRunner(
      String workerName,
      DagBag dagBag,
      RunStore runs,
      DagStore dags,
      XComStore xcoms,
      TaskLogStore logs,
      AdvanceRun advance,
      RunEvents events,
      Clock clock,
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
    BufferedTaskLog taskLog = new BufferedTaskLog(logs, ti.id(), message.tryNumber());
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
    Outcome outcome = execute(run, ti, message.tryNumber(), taskLog);
    taskLog.flush();
    runs.apply(
        new TaskChange(
            ti.id(),
            message.tryNumber(),
            TaskState.RUNNING,
            outcome.state(),
            clock.instant(),
            false,
            outcome.nextTryAt(),
            null));
    planNext(run);
    events.publish(run.id());
    return true;
  }

  private Outcome execute(DagRun run, TaskInstance ti, int tryNumber, BufferedTaskLog taskLog) {
    long started = System.nanoTime();
    Task task = null;
    Dag dag = null;
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
          new WorkerTaskContext(run, ti.taskId(), tryNumber, xcoms, renderer, taskLog)
              .withHooks(hookScope);
      Object result = task.operator().execute(context);
      if (result != null) {
        xcoms.put(run.id(), ti.taskId(), XComStore.RETURN_VALUE, Json.write(result));
      }
      taskLog.info("Task succeeded in " + millisSince(started) + " ms");
      return new Outcome(TaskState.SUCCESS, null);
    } catch (TaskSkippedException e) {
      taskLog.info("Task skipped after " + millisSince(started) + " ms: " + e.getMessage());
      return new Outcome(TaskState.SKIPPED, null);
    } catch (Exception | LinkageError | AssertionError e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      taskLog.info("Task failed after " + millisSince(started) + " ms: " + stackTrace(e));
      if (tryNumber < ti.maxTries()) {
        Duration delay = task != null ? dag.retryDelayOf(task) : Duration.ZERO;
        Instant next = clock.instant().plus(delay);
        taskLog.info(
            "Up for retry at " + next + " (try " + (tryNumber + 1) + " of " + ti.maxTries() + ")");
        return new Outcome(TaskState.UP_FOR_RETRY, next);
      }
      return new Outcome(TaskState.FAILED, null);
    } finally {
      // Hooks the operator left open go back to their pools whatever happened.
      hookScope.close();
    }
  }

  private void planNext(DagRun run) {
    Optional<StoredDag> stored = dags.find(run.dagId());
    if (stored.isPresent()) {
      advance.advance(run, stored.get().structure());
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

  private record Outcome(TaskState state, Instant nextTryAt) {}
}

package io.updraft.worker;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.Task;
import io.updraft.core.dag.TaskCallback;
import io.updraft.core.dag.TaskCallbacks;
import io.updraft.core.dag.TaskMapping;
import io.updraft.core.hook.HookScope;
import io.updraft.core.hook.Hooks;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.XComStore;
import io.updraft.core.secrets.SecretMasker;
import io.updraft.core.secrets.SecretsChain;
import io.updraft.core.state.TaskState;
import io.updraft.core.task.TaskRescheduleException;
import io.updraft.core.task.TaskSkippedException;
import io.updraft.core.template.TemplateRenderer;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The tries of one task of a {@link DagTestRunner} run, in this process: each instance of a mapped
 * task in turn, each try on a thread of its own under the task's execution timeout, a failed try
 * retried at once and a rescheduled sensor run again once its date has passed; the task's callbacks
 * run as on a worker. Every line goes to the runner's output.
 */
final class DagTestTries {
  private final SecretsChain secrets;
  private final Hooks hooks;
  private final PrintStream out;
  private final Clock clock;
  private final int xcomMaxBytes;

  DagTestTries(SecretsChain secrets, Hooks hooks, PrintStream out, Clock clock, int xcomMaxBytes) {
    this.secrets = secrets;
    this.hooks = hooks;
    this.out = out;
    this.clock = clock;
    this.xcomMaxBytes = xcomMaxBytes;
  }

  /** A task that did not run, in the state it was left in. */
  static DagTestResult.TaskResult notRun(String taskId, TaskState state) {
    return new DagTestResult.TaskResult(taskId, state, 0, Duration.ZERO, Map.of());
  }

  /**
   * Runs the task, or each instance of a mapped task in turn: the task then failed when one
   * instance failed, was skipped when all were (or there were no values), else succeeded.
   */
  DagTestResult.TaskResult run(Dag dag, Task task, DagRun run, InMemoryXComStore xcoms) {
    long started = System.nanoTime();
    if (task.mapping() == null) {
      InstanceEnd end = runInstance(dag, task, run, xcoms, -1);
      return new DagTestResult.TaskResult(
          task.id(),
          end.state(),
          end.tries(),
          Duration.ofNanos(System.nanoTime() - started),
          xcoms.of(task.id()));
    }
    int count;
    try {
      count =
          task.mapping()
              .valuesIn(
                  taskId -> xcoms.get(0, taskId, XComStore.RETURN_VALUE),
                  taskId -> dag.task(taskId).map(t -> t.mapping() != null).orElse(false))
              .size();
    } catch (IllegalArgumentException notAList) {
      line(task, notAList.getMessage());
      return notRun(task.id(), TaskState.FAILED);
    }
    if (count > TaskMapping.DEFAULT_MAX_LENGTH) {
      line(task, count + " values, over the limit of " + TaskMapping.DEFAULT_MAX_LENGTH);
      return notRun(task.id(), TaskState.FAILED);
    }
    line(task, "Mapped over " + count + " values");
    Set<TaskState> states = EnumSet.noneOf(TaskState.class);
    int mostTries = 0;
    for (int index = 0; index < count; index++) {
      InstanceEnd end = runInstance(dag, task, run, xcoms, index);
      mostTries = Math.max(mostTries, end.tries());
      states.add(end.state());
    }
    TaskState state =
        states.contains(TaskState.FAILED)
            ? TaskState.FAILED
            : states.stream().allMatch(s -> s == TaskState.SKIPPED)
                ? TaskState.SKIPPED
                : TaskState.SUCCESS;
    return new DagTestResult.TaskResult(
        task.id(),
        state,
        mostTries,
        Duration.ofNanos(System.nanoTime() - started),
        xcoms.of(task.id()));
  }

  /** How one instance ended, after how many tries. */
  private record InstanceEnd(int tries, TaskState state) {}

  /** The tries of one instance until it ends. */
  private InstanceEnd runInstance(
      Dag dag, Task task, DagRun run, InMemoryXComStore xcoms, int mapIndex) {
    int maxTries = dag.retriesOf(task) + 1;
    int tryNumber = 1;
    TaskState state;
    while (true) {
      TaskState outcome = runTry(dag, task, run, xcoms, tryNumber, mapIndex);
      if (outcome == TaskState.UP_FOR_RESCHEDULE) {
        continue;
      }
      if (outcome == TaskState.FAILED && tryNumber < maxTries) {
        Duration delay = dag.retryPolicyOf(task).delayAfter(tryNumber, 0.5);
        line(
            task,
            "Up for retry (try "
                + (tryNumber + 1)
                + " of "
                + maxTries
                + "); its retry delay of "
                + delay
                + " is not waited in a test run");
        tryNumber++;
        continue;
      }
      state = outcome;
      break;
    }
    return new InstanceEnd(tryNumber, state);
  }

  /** One try, on a thread of its own so that its execution timeout can end it. */
  private TaskState runTry(
      Dag dag, Task task, DagRun run, InMemoryXComStore xcoms, int tryNumber, int mapIndex) {
    line(
        task,
        "Running try "
            + tryNumber
            + (mapIndex < 0 ? "" : " of map index " + mapIndex)
            + " ("
            + task.operator().kind()
            + ")");
    XComWriter writer =
        new XComWriter(
            xcoms, xcomMaxBytes, secrets == null ? new SecretMasker() : secrets.masker());
    HookScope scope = hooks == null ? null : hooks.scope("task " + dag.id() + "." + task.id());
    WorkerTaskContext context =
        new WorkerTaskContext(
            run,
            task.id(),
            tryNumber,
            xcoms,
            writer,
            new TemplateRenderer(),
            text -> line(task, text),
            secrets,
            "dag-test");
    if (scope != null) {
      context.withHooks(scope);
    }
    context.mappedAs(mapIndex, task.mapping()).scheduledBy(dag);
    TaskCallbacks callbacks = dag.callbacksOf(task);
    try {
      TaskState state = outcomeOf(dag, task, run, writer, context, mapIndex, callbacks);
      TaskCallback after =
          switch (state) {
            case SUCCESS -> callbacks.onSuccess();
            case FAILED ->
                tryNumber < dag.retriesOf(task) + 1 ? callbacks.onRetry() : callbacks.onFailure();
            default -> null;
          };
      if (after != null) {
        callBack(task, context, after);
      }
      return state;
    } finally {
      if (scope != null) {
        scope.close();
      }
    }
  }

  /** A callback in a test run: its failure is printed and changes nothing, as on a worker. */
  private void callBack(Task task, WorkerTaskContext context, TaskCallback callback) {
    line(task, "Running a callback");
    try {
      callback.call(context);
    } catch (Exception | LinkageError | AssertionError e) {
      line(task, "The callback failed; the task's state stays: " + stackTrace(e));
    }
  }

  private TaskState outcomeOf(
      Dag dag,
      Task task,
      DagRun run,
      XComWriter writer,
      WorkerTaskContext context,
      int mapIndex,
      TaskCallbacks callbacks) {
    long started = System.nanoTime();
    FutureTask<Object> execution =
        new FutureTask<>(
            () -> {
              if (callbacks.onExecute() != null) {
                callBack(task, context, callbacks.onExecute());
              }
              return task.operator().execute(context);
            });
    Thread thread = Thread.ofVirtual().name("updraft-test-" + task.id()).start(execution);
    try {
      Object result =
          task.executionTimeout() == null
              ? execution.get()
              : execution.get(task.executionTimeout().toNanos(), TimeUnit.NANOSECONDS);
      if (result != null) {
        writer.put(run.id(), dag.id(), task.id(), mapIndex, XComStore.RETURN_VALUE, result);
      }
      line(task, "Task succeeded in " + millisSince(started) + " ms");
      return TaskState.SUCCESS;
    } catch (TimeoutException e) {
      thread.interrupt();
      line(
          task,
          "Task timed out: it ran longer than its execution timeout of " + task.executionTimeout());
      return TaskState.FAILED;
    } catch (InterruptedException e) {
      thread.interrupt();
      Thread.currentThread().interrupt();
      line(task, "Test run interrupted");
      return TaskState.FAILED;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof TaskSkippedException) {
        line(task, "Task skipped: " + cause.getMessage());
        return TaskState.SKIPPED;
      }
      if (cause instanceof TaskRescheduleException r) {
        line(task, "Task up for reschedule at " + r.rescheduleDate() + "; waiting for it");
        sleepUntil(r.rescheduleDate());
        return TaskState.UP_FOR_RESCHEDULE;
      }
      line(task, "Task failed after " + millisSince(started) + " ms: " + stackTrace(cause));
      return TaskState.FAILED;
    } catch (RuntimeException e) {
      // The return value could not be stored (too large, not JSON).
      line(task, "Task failed: " + stackTrace(e));
      return TaskState.FAILED;
    }
  }

  private void sleepUntil(Instant date) {
    long millis = Duration.between(clock.instant(), date).toMillis();
    if (millis > 0) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void line(Task task, String text) {
    out.println("[" + task.id() + "] " + text);
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  private static String stackTrace(Throwable e) {
    StringWriter text = new StringWriter();
    e.printStackTrace(new PrintWriter(text));
    return text.toString();
  }
}

package io.updraft.worker;

import io.updraft.core.dag.TaskCallback;
import io.updraft.core.dag.TaskCallbacks;
import io.updraft.core.hook.HookScope;
import io.updraft.core.hook.Hooks;
import io.updraft.core.state.TaskState;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The callbacks of one try and the context they run with. The operator's run fills them in once the
 * task is known; {@link #beforeOperator} runs {@code onExecute} in the try's thread, {@link
 * #afterRecorded} the callback of the recorded outcome. A callback's lines and failure go to the
 * try's log; a callback that throws changes nothing, since the outcome is already recorded.
 */
final class TryCallbacks {
  private static final Logger LOG = LoggerFactory.getLogger(TryCallbacks.class);

  private final Hooks hooks;
  private final BufferedTaskLog log;
  private final long taskInstanceId;
  private final int tryNumber;
  private volatile TaskCallbacks callbacks = TaskCallbacks.NONE;
  private volatile WorkerTaskContext context;

  TryCallbacks(Hooks hooks, BufferedTaskLog log, long taskInstanceId, int tryNumber) {
    this.hooks = hooks;
    this.log = log;
    this.taskInstanceId = taskInstanceId;
    this.tryNumber = tryNumber;
  }

  void prepared(TaskCallbacks taskCallbacks, WorkerTaskContext taskContext) {
    this.callbacks = taskCallbacks;
    this.context = taskContext;
  }

  /** Whether the recorded {@code state} has a callback to run. */
  boolean has(TaskState state) {
    return context != null && callbackFor(state) != null;
  }

  /** onExecute, in the try's thread, with the try's hooks; a failure is logged and ignored. */
  void beforeOperator() {
    if (callbacks.onExecute() != null) {
      invoke("onExecute", callbacks.onExecute());
    }
  }

  /**
   * The callback of the outcome just recorded, with hooks of its own (the try's were closed with
   * it); its log lines are written when it ends.
   */
  void afterRecorded(TaskState state) {
    TaskCallback callback = callbackFor(state);
    if (callback == null || context == null) {
      return;
    }
    String name = nameFor(state);
    try (HookScope scope =
        hooks.scope("callback " + context.dagId() + "." + context.taskId() + " " + name)) {
      context.withHooks(scope);
      TaskLogAppender.Scope routed = TaskLogAppender.route(taskInstanceId, tryNumber, log);
      try {
        invoke(name, callback);
      } finally {
        routed.close();
      }
    } finally {
      try {
        log.flush();
      } catch (RuntimeException e) {
        LOG.warn(
            "Cannot write the {} callback's log of task instance {}: {}",
            name,
            taskInstanceId,
            e.toString());
      }
    }
  }

  private void invoke(String name, TaskCallback callback) {
    log.updraftLine("Running the " + name + " callback");
    try {
      callback.call(context);
    } catch (Exception | LinkageError | AssertionError e) {
      // The outcome stands: a callback reports on it, it never changes it.
      log.updraftLine("The " + name + " callback failed; the task's state stays: " + trace(e));
      LOG.warn(
          "The {} callback of {}.{} (task instance {}) failed: {}",
          name,
          context.dagId(),
          context.taskId(),
          taskInstanceId,
          e.toString());
    }
  }

  private TaskCallback callbackFor(TaskState state) {
    return switch (state) {
      case SUCCESS -> callbacks.onSuccess();
      case FAILED -> callbacks.onFailure();
      case UP_FOR_RETRY -> callbacks.onRetry();
      default -> null;
    };
  }

  private static String nameFor(TaskState state) {
    return switch (state) {
      case SUCCESS -> "onSuccess";
      case FAILED -> "onFailure";
      default -> "onRetry";
    };
  }

  private static String trace(Throwable e) {
    StringWriter out = new StringWriter();
    e.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}

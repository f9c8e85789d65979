package io.updraft.core.dag;

/**
 * The callbacks of one task, each null when not set: {@code onExecute} before its operator runs,
 * {@code onSuccess}, {@code onFailure} (failed for good) and {@code onRetry} (failed, up for retry)
 * once the try's outcome is recorded.
 */
public record TaskCallbacks(
    TaskCallback onExecute, TaskCallback onSuccess, TaskCallback onFailure, TaskCallback onRetry) {

  /** No callbacks. */
  public static final TaskCallbacks NONE = new TaskCallbacks(null, null, null, null);

  public TaskCallbacks withOnExecute(TaskCallback callback) {
    return new TaskCallbacks(callback, onSuccess, onFailure, onRetry);
  }

  public TaskCallbacks withOnSuccess(TaskCallback callback) {
    return new TaskCallbacks(onExecute, callback, onFailure, onRetry);
  }

  public TaskCallbacks withOnFailure(TaskCallback callback) {
    return new TaskCallbacks(onExecute, onSuccess, callback, onRetry);
  }

  public TaskCallbacks withOnRetry(TaskCallback callback) {
    return new TaskCallbacks(onExecute, onSuccess, onFailure, callback);
  }

  /** This task's own callbacks, each falling back to the DAG's default when not set. */
  public TaskCallbacks orElse(TaskCallbacks defaults) {
    return new TaskCallbacks(
        onExecute != null ? onExecute : defaults.onExecute,
        onSuccess != null ? onSuccess : defaults.onSuccess,
        onFailure != null ? onFailure : defaults.onFailure,
        onRetry != null ? onRetry : defaults.onRetry);
  }
}

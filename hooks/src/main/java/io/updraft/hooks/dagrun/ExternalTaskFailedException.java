package io.updraft.hooks.dagrun;

/** What an {@link ExternalTaskSensor} waited for ended in one of its failed states. */
public final class ExternalTaskFailedException extends RuntimeException {
  public ExternalTaskFailedException(String message) {
    super(message);
  }
}

package io.updraft.hooks.base;

/** A sensor whose condition did not come true before its timeout. */
public final class SensorTimeoutException extends RuntimeException {
  public SensorTimeoutException(String message) {
    super(message);
  }
}

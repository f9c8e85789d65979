package io.updraft.core.hook;

/** The outcome of {@link Hook#test()}: whether the system answered, and what it said or why not. */
public record HookTestResult(boolean ok, String message) {
  public static HookTestResult ok(String message) {
    return new HookTestResult(true, message);
  }

  public static HookTestResult failed(String message) {
    return new HookTestResult(false, message);
  }

  /** A failed result from an exception, with its message but never its stack. */
  public static HookTestResult failed(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new HookTestResult(false, message);
  }
}

package io.updraft.core.dag;

import io.updraft.core.task.TaskContext;

/**
 * Runs a Java lambda whose truth decides whether anything downstream runs; see {@link
 * Task#shortCircuit}. The boolean is the task's XCom, which is how the worker learns to skip.
 */
public record ShortCircuitOperator(TaskCallable condition) implements Operator {
  public static final String KIND = "short_circuit";

  public ShortCircuitOperator {
    if (condition == null) {
      throw new IllegalArgumentException("A short-circuit task needs a callable, got null");
    }
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Object execute(TaskContext context) throws Exception {
    return isTruthy(condition.call(context));
  }

  /** Python-like truth, as Airflow's operator reads the callable's result. */
  public static boolean isTruthy(Object value) {
    return switch (value) {
      case null -> false;
      case Boolean b -> b;
      case Number n -> n.doubleValue() != 0;
      case String s -> !s.isEmpty();
      case java.util.Collection<?> c -> !c.isEmpty();
      case java.util.Map<?, ?> m -> !m.isEmpty();
      default -> true;
    };
  }
}

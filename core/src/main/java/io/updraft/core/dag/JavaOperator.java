package io.updraft.core.dag;

import io.updraft.core.task.TaskContext;

/** Runs a Java lambda. */
public record JavaOperator(TaskCallable callable) implements Operator {
  public JavaOperator {
    if (callable == null) {
      throw new IllegalArgumentException("A Java task needs a callable, got null");
    }
  }

  @Override
  public String kind() {
    return "java";
  }

  @Override
  public Object execute(TaskContext context) throws Exception {
    return callable.call(context);
  }
}

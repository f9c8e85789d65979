package io.updraft.core.dag;

import io.updraft.core.task.TaskContext;
import java.util.Map;

/**
 * Runs a Java lambda.
 *
 * @param inProcess the task opted out of isolation ({@code Task.isolated(false)}): neither its
 *     DAG's {@code isolatedJavaTasks()} nor the worker's {@code worker.isolate_java_tasks} moves it
 *     into a JVM of its own
 */
public record JavaOperator(TaskCallable callable, boolean inProcess) implements Operator {
  public JavaOperator {
    if (callable == null) {
      throw new IllegalArgumentException("A Java task needs a callable, got null");
    }
  }

  public JavaOperator(TaskCallable callable) {
    this(callable, false);
  }

  @Override
  public String kind() {
    return "java";
  }

  @Override
  public Map<String, Object> describe() {
    return inProcess ? Map.of("isolated", false) : Map.of();
  }

  @Override
  public Object execute(TaskContext context) throws Exception {
    return callable.call(context);
  }
}

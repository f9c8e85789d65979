package io.updraft.core.dag;

import io.updraft.core.task.TaskContext;
import java.util.Map;

/**
 * A Java task whose tries run in a JVM of their own (see {@link Task#isolated()}), as Airflow's
 * {@code ExternalPythonOperator} runs a callable in another interpreter: a {@code System.exit}, an
 * {@code OutOfMemoryError} or a loop that ignores interrupts costs that try only, never the worker.
 *
 * @param maxHeap the child's {@code -Xmx} value, such as {@code 512m}
 */
public record IsolatedJavaOperator(TaskCallable callable, String maxHeap) implements Operator {
  public IsolatedJavaOperator {
    if (callable == null) {
      throw new IllegalArgumentException("An isolated Java task needs a callable, got null");
    }
    if (maxHeap == null || !maxHeap.matches("[1-9][0-9]*[kKmMgG]?")) {
      throw new IllegalArgumentException(
          "An isolated Java task's max heap is a -Xmx size such as 512m or 2g, got '"
              + maxHeap
              + "'");
    }
  }

  @Override
  public String kind() {
    return "java";
  }

  @Override
  public Map<String, Object> describe() {
    return Map.of("isolated", true, "max_heap", maxHeap);
  }

  @Override
  public Object execute(TaskContext context) throws Exception {
    return IsolatedTry.run(this, context);
  }
}

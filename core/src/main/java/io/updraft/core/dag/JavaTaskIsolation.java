package io.updraft.core.dag;

/**
 * Where a Java task's tries run, when the task itself does not say: the task's own choice ({@code
 * isolated()}, {@code isolated(false)}) comes first, then its DAG's ({@code
 * Dag.builder(..).isolatedJavaTasks()}), then its worker's ({@code worker.isolate_java_tasks}).
 */
public final class JavaTaskIsolation {
  private JavaTaskIsolation() {}

  /** {@code task} as its DAG's default makes it: isolated with {@code maxHeap}, unless it chose. */
  static Task byDagDefault(Task task, String maxHeap) {
    if (maxHeap != null && task.operator() instanceof JavaOperator java && !java.inProcess()) {
      return task.isolated(maxHeap);
    }
    return task;
  }

  /**
   * The operator a worker runs for {@code operator}: when the worker isolates Java tasks, a Java
   * task that did not opt out runs in a JVM of its own with the default heap; anything else as is.
   */
  public static Operator byWorkerDefault(Operator operator, boolean isolateJavaTasks) {
    if (isolateJavaTasks && operator instanceof JavaOperator java && !java.inProcess()) {
      return new IsolatedJavaOperator(java.callable(), Task.DEFAULT_ISOLATED_HEAP);
    }
    return operator;
  }

  /**
   * The callable an isolated try's JVM runs for {@code task}: an isolated task's, or a Java task's
   * that its worker isolates; null for any other task.
   */
  static TaskCallable isolatedCallable(Task task) {
    return switch (task.operator()) {
      case IsolatedJavaOperator isolated -> isolated.callable();
      case JavaOperator java when !java.inProcess() -> java.callable();
      default -> null;
    };
  }

  /** Checks a heap size as {@link Task#isolated(String)} does, before a DAG is built with it. */
  static String checkedHeap(String maxHeap) {
    new IsolatedJavaOperator(ctx -> null, maxHeap);
    return maxHeap;
  }
}

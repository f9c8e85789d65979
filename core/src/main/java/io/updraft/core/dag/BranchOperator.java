package io.updraft.core.dag;

import io.updraft.core.task.TaskContext;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Runs a Java lambda that names the downstream task(s) to follow; see {@link Task#branch}. The
 * returned ids are the task's XCom, which is how the worker learns which tasks to skip.
 */
public record BranchOperator(TaskCallable chooser) implements Operator {
  public static final String KIND = "branch";

  public BranchOperator {
    if (chooser == null) {
      throw new IllegalArgumentException("A branch task needs a callable, got null");
    }
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Object execute(TaskContext context) throws Exception {
    return followed(callable(context), context.taskId()).stream().sorted().toList();
  }

  private Object callable(TaskContext context) throws Exception {
    return chooser.call(context);
  }

  /** The ids a branch callable returned: a string, a collection of strings, or null for none. */
  public static Set<String> followed(Object returned, String taskId) {
    Set<String> ids = new LinkedHashSet<>();
    if (returned == null) {
      return ids;
    }
    if (returned instanceof String s) {
      ids.add(s);
      return ids;
    }
    if (returned instanceof Collection<?> c) {
      for (Object o : c) {
        ids.add(String.valueOf(o));
      }
      return ids;
    }
    throw new IllegalArgumentException(
        "Branch task '"
            + taskId
            + "' must return a task id or a collection of task ids, got "
            + returned.getClass().getSimpleName());
  }
}

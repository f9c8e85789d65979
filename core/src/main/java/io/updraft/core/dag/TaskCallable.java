package io.updraft.core.dag;

import io.updraft.core.task.TaskContext;

/**
 * The body of a Java task. Its return value, when not null, is stored as the task's XCom under the
 * key {@code return_value}, so downstream tasks can read it with {@link TaskContext#xcomPull}.
 */
@FunctionalInterface
public interface TaskCallable {
  Object call(TaskContext context) throws Exception;
}

package io.updraft.core.dag;

import io.updraft.core.task.TaskContext;
import java.util.Map;

/**
 * What a task does when it runs. A worker calls {@link #execute} on a virtual thread; a thrown
 * exception fails the try, and the returned value becomes the task's {@code return_value} XCom.
 */
public interface Operator {
  /** A short name for the kind of work, shown in the UI and stored with the DAG's structure. */
  String kind();

  /** Runs the task. */
  Object execute(TaskContext context) throws Exception;

  /**
   * The operator's settings that are safe to show (no code, no secrets), for the DAG's structure.
   */
  default Map<String, Object> describe() {
    return Map.of();
  }
}

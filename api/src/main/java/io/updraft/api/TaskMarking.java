package io.updraft.api;

import io.javalin.http.HttpStatus;
import io.updraft.core.run.RunAdmin;
import io.updraft.core.run.RunStore;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.TaskState;
import java.time.Clock;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * Marking one task instance with a state by hand. {@code PATCH .../taskInstances/{task_id}} and the
 * task page's Mark buttons both come here.
 */
final class TaskMarking {
  private final RunStore runs;
  private final RunAdmin admin;
  private final LongConsumer runChanged;
  private final Clock clock;

  TaskMarking(RunStore runs, RunAdmin admin, LongConsumer runChanged, Clock clock) {
    this.runs = runs;
    this.admin = admin;
    this.runChanged = runChanged;
    this.clock = clock;
  }

  /** The state named, when a task may be marked with it (success, failed, skipped); else null. */
  static TaskState markable(String wireName) {
    return Stream.of(TaskState.SUCCESS, TaskState.FAILED, TaskState.SKIPPED)
        .filter(s -> s.wireName().equals(wireName))
        .findFirst()
        .orElse(null);
  }

  /** Returns the instance as it now is; a 409 when the transition table does not allow it. */
  TaskInstance mark(TaskInstance ti, TaskState wanted) {
    if (!admin.markTask(ti.id(), wanted, clock.instant())) {
      throw new ApiProblem(
          HttpStatus.CONFLICT,
          "Task '"
              + ti.taskId()
              + "' is "
              + ti.state().wireName()
              + " and cannot be marked "
              + wanted.wireName()
              + " from there.");
    }
    runChanged.accept(ti.dagRunId());
    return runs.findTaskInstance(ti.id()).orElseThrow();
  }
}

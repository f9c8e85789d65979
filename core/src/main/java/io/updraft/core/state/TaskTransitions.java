package io.updraft.core.state;

import static io.updraft.core.state.TaskState.FAILED;
import static io.updraft.core.state.TaskState.NONE;
import static io.updraft.core.state.TaskState.QUEUED;
import static io.updraft.core.state.TaskState.RUNNING;
import static io.updraft.core.state.TaskState.SCHEDULED;
import static io.updraft.core.state.TaskState.SKIPPED;
import static io.updraft.core.state.TaskState.SUCCESS;
import static io.updraft.core.state.TaskState.UPSTREAM_FAILED;
import static io.updraft.core.state.TaskState.UP_FOR_RESCHEDULE;
import static io.updraft.core.state.TaskState.UP_FOR_RETRY;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The one table of allowed task state changes. Every store applies a change only after asking this
 * table, so an impossible change is a bug caught at its source, not a corrupt row found later.
 */
public final class TaskTransitions {
  private static final Map<TaskState, Set<TaskState>> ALLOWED = new EnumMap<>(TaskState.class);

  static {
    allow(NONE, SCHEDULED, QUEUED, UPSTREAM_FAILED, SKIPPED, SUCCESS, FAILED);
    allow(SCHEDULED, QUEUED, UPSTREAM_FAILED, SKIPPED, NONE, SUCCESS, FAILED);
    allow(QUEUED, RUNNING, FAILED, UP_FOR_RETRY, NONE, QUEUED, SKIPPED, SUCCESS);
    allow(RUNNING, SUCCESS, FAILED, UP_FOR_RETRY, UP_FOR_RESCHEDULE, SKIPPED, NONE);
    allow(UP_FOR_RETRY, QUEUED, FAILED, NONE, SKIPPED, SUCCESS);
    allow(UP_FOR_RESCHEDULE, QUEUED, FAILED, NONE, SKIPPED, SUCCESS);
    // A run timeout skips unfinished tasks; a user may mark any unfinished task success or failed,
    // or clear a running one (its worker's fenced update then matches nothing).
    // Terminal states change only when a user clears or marks a task.
    allow(SUCCESS, NONE, FAILED);
    allow(FAILED, NONE, SUCCESS);
    allow(UPSTREAM_FAILED, NONE, SUCCESS, FAILED);
    allow(SKIPPED, NONE, SUCCESS, FAILED);
  }

  private TaskTransitions() {}

  private static void allow(TaskState from, TaskState... to) {
    ALLOWED.put(from, EnumSet.copyOf(Set.of(to)));
  }

  public static boolean isAllowed(TaskState from, TaskState to) {
    return ALLOWED.getOrDefault(from, Set.of()).contains(to);
  }

  /** Throws when the change is not in the table. */
  public static void check(TaskState from, TaskState to) {
    if (!isAllowed(from, to)) {
      throw new IllegalStateException(
          "A task instance cannot go from " + from.wireName() + " to " + to.wireName());
    }
  }
}

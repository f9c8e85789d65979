package io.updraft.core.plan;

import io.updraft.core.run.TaskChange;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import java.util.List;
import java.util.Optional;

/**
 * What the planner decided for one run: task changes to apply, and the run's final state once every
 * task is done.
 */
public record RunPlan(List<TaskChange> changes, Optional<RunState> finalState) {
  public RunPlan {
    changes = List.copyOf(changes);
  }

  /** The changes that queue a task: these become messages once applied. */
  public List<TaskChange> toQueue() {
    return changes.stream().filter(c -> c.to() == TaskState.QUEUED).toList();
  }
}

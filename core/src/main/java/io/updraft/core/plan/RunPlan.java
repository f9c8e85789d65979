package io.updraft.core.plan;

import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import java.util.List;
import java.util.Optional;

/**
 * What the planner decided for one run: task changes to apply, the mapped tasks ready to be
 * expanded into one instance per value ({@link MapExpansion}; each one's single instance, not yet
 * expanded), and the run's final state once every task is done.
 */
public record RunPlan(
    List<TaskChange> changes, List<TaskInstance> toExpand, Optional<RunState> finalState) {
  public RunPlan {
    changes = List.copyOf(changes);
    toExpand = List.copyOf(toExpand);
  }

  /** A plan with nothing to expand. */
  public RunPlan(List<TaskChange> changes, Optional<RunState> finalState) {
    this(changes, List.of(), finalState);
  }

  /** The changes that queue a task: these become messages once applied. */
  public List<TaskChange> toQueue() {
    return changes.stream().filter(c -> c.to() == TaskState.QUEUED).toList();
  }
}

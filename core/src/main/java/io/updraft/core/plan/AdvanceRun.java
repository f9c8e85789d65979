package io.updraft.core.plan;

import io.updraft.core.dag.DagStructure;
import io.updraft.core.queue.TaskMessage;
import io.updraft.core.queue.TaskQueue;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.RunStore;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Plans one run and carries the plan out: applies the task changes (fenced, so two planners racing
 * on one run queue each task once), pushes the tasks that were queued, and closes the run when
 * every task is done. Messages go out only after the changes committed, so a worker never sees a
 * message before its row says queued.
 */
public final class AdvanceRun {
  private final RunStore runs;
  private final TaskQueue queue;
  private final Clock clock;

  public AdvanceRun(RunStore runs, TaskQueue queue, Clock clock) {
    this.runs = runs;
    this.queue = queue;
    this.clock = clock;
  }

  /** Returns the number of task instances queued. */
  public int advance(DagRun run, DagStructure dag) {
    if (run.state().isTerminal()) {
      return 0;
    }
    List<TaskInstance> instances = runs.taskInstances(run.id());
    RunPlan plan = RunPlanner.plan(dag, instances, clock.instant());
    List<TaskChange> applied = runs.applyAll(plan.changes());
    Map<Long, TaskInstance> byId =
        instances.stream().collect(Collectors.toMap(TaskInstance::id, Function.identity()));
    List<TaskMessage> messages = new ArrayList<>();
    for (TaskChange change : applied) {
      if (change.to() == TaskState.QUEUED) {
        TaskInstance ti = byId.get(change.taskInstanceId());
        messages.add(
            new TaskMessage(
                ti.id(),
                change.resultingTryNumber(),
                ti.dagId(),
                ti.runId(),
                ti.taskId(),
                ti.queue()));
      }
    }
    if (run.state() == RunState.QUEUED) {
      runs.setRunState(run.id(), RunState.RUNNING, clock.instant());
    }
    if (!messages.isEmpty()) {
      queue.push(messages);
    }
    if (applied.size() == plan.changes().size()) {
      plan.finalState().ifPresent(state -> runs.setRunState(run.id(), state, clock.instant()));
    }
    return messages.size();
  }
}

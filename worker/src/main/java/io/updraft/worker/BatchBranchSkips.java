package io.updraft.worker;

import io.updraft.core.plan.MissingTaskInstances;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.RunStore;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.TaskState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * After a batch: the skips of the branches and short circuits that succeeded in it. Most tries are
 * neither, and cost a map lookup: the run's tasks are read only for those that are.
 */
final class BatchBranchSkips {
  private final RunStore runs;
  private final RunStructures structures;
  private final BranchFollowUps followUps;

  BatchBranchSkips(RunStore runs, RunStructures structures, BranchFollowUps followUps) {
    this.runs = runs;
    this.structures = structures;
    this.followUps = followUps;
  }

  void apply(List<TaskChange> recorded, List<TaskRunner.Finished> finished) {
    Map<Long, TaskChange> succeeded = new HashMap<>();
    for (TaskChange c : recorded) {
      if (c.to() == TaskState.SUCCESS) {
        succeeded.put(c.taskInstanceId(), c);
      }
    }
    for (TaskRunner.Finished f : finished) {
      TaskChange outcome = succeeded.get(f.claim().ti().id());
      DagRun run = f.claim().run();
      String taskId = f.claim().ti().taskId();
      if (outcome == null) {
        continue;
      }
      structures
          .of(run)
          .filter(structure -> followUps.mayFollow(structure, taskId))
          .ifPresent(
              structure -> {
                List<TaskInstance> instances =
                    MissingTaskInstances.completed(
                        runs, run, structure, runs.taskInstances(run.id()));
                List<TaskChange> skips =
                    followUps.skipsAfter(outcome, structure, run, taskId, instances);
                if (!skips.isEmpty()) {
                  runs.applyAll(skips);
                }
              });
    }
  }
}

package io.updraft.core.run;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The instances one task has in a run (one, or a mapped task's one per value), and the choice of
 * one by map index, as the API, the UI and the command line address them.
 */
public record InstancesOfTask(String taskId, List<TaskInstance> instances) {
  public InstancesOfTask {
    instances = List.copyOf(instances);
  }

  /** The instances of {@code taskId} among a run's. */
  public static InstancesOfTask in(List<TaskInstance> ofRun, String taskId) {
    return new InstancesOfTask(
        taskId, ofRun.stream().filter(ti -> ti.taskId().equals(taskId)).toList());
  }

  public boolean isEmpty() {
    return instances.isEmpty();
  }

  /** Instance {@code mapIndex}, or the first (the lowest index) when that is null. */
  public Optional<TaskInstance> pick(Integer mapIndex) {
    if (mapIndex == null) {
      return instances.stream().min(Comparator.comparingInt(TaskInstance::mapIndex));
    }
    return instances.stream().filter(ti -> ti.mapIndex() == mapIndex).findFirst();
  }

  /** What to say when {@link #pick} found no instance {@code mapIndex} in run {@code runId}. */
  public String noInstance(String runId, int mapIndex) {
    return "Task '"
        + taskId
        + "' of run '"
        + runId
        + "' has no instance of map index "
        + mapIndex
        + "; its map indexes are "
        + instances.stream().map(TaskInstance::mapIndex).sorted().toList();
  }
}

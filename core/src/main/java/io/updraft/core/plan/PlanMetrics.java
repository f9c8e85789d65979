package io.updraft.core.plan;

import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.TaskNode;
import io.updraft.core.metrics.MetricsRecorder;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reports what a carried-out plan did: the tasks it ended without running them (upstream_failed,
 * skipped) and, for each task it queued, how long after its last upstream task ended.
 */
final class PlanMetrics {
  private final MetricsRecorder metrics;

  PlanMetrics(MetricsRecorder metrics) {
    this.metrics = metrics;
  }

  /** Reports a run that this process ended. */
  void runEnded(DagRun ended) {
    metrics.dagRunEnded(ended);
  }

  /**
   * @param outcome the upstream outcome recorded in the same transaction, whose end date the
   *     instances do not show yet; null when the plan followed no outcome
   */
  void applied(
      DagStructure dag,
      List<TaskInstance> instances,
      List<TaskChange> applied,
      TaskChange outcome) {
    if (metrics == MetricsRecorder.NONE || applied.isEmpty()) {
      return;
    }
    Map<Long, TaskInstance> byId =
        instances.stream().collect(Collectors.toMap(TaskInstance::id, Function.identity()));
    Map<String, List<TaskInstance>> byTask =
        instances.stream().collect(Collectors.groupingBy(TaskInstance::taskId));
    Map<String, TaskNode> nodes = null;
    for (TaskChange change : applied) {
      TaskInstance ti = byId.get(change.taskInstanceId());
      if (ti == null) {
        continue;
      }
      if (change.to().isTerminal()) {
        metrics.taskFinished(ti.dagId(), change.to(), null);
      } else if (change.to() == TaskState.QUEUED && change.from() == TaskState.NONE) {
        // Retries and tasks that waited for a pool slot are left out: their wait is not planning.
        if (nodes == null) {
          nodes = dag.tasksById(); // once per plan: a lookup by id in a large DAG is a scan
        }
        Optional.ofNullable(nodes.get(ti.taskId()))
            .map(node -> lastUpstreamEnd(node, byTask, outcome))
            .filter(end -> end != Instant.MIN)
            .ifPresent(end -> metrics.taskQueued(ti.queue(), Duration.between(end, change.at())));
      }
    }
  }

  /** When the last upstream task ended; MIN for a task without upstream or one not ended. */
  private static Instant lastUpstreamEnd(
      TaskNode node, Map<String, List<TaskInstance>> byTask, TaskChange outcome) {
    Instant last = Instant.MIN;
    for (String upstream : node.upstream()) {
      // Every instance of a mapped upstream task.
      for (TaskInstance ti : byTask.getOrDefault(upstream, List.of())) {
        Instant end =
            outcome != null && ti.id() == outcome.taskInstanceId() ? outcome.at() : ti.endDate();
        if (end == null) {
          return Instant.MIN;
        }
        last = end.isAfter(last) ? end : last;
      }
      if (!byTask.containsKey(upstream)) {
        return Instant.MIN;
      }
    }
    return last;
  }
}

package io.updraft.core.plan;

import io.updraft.core.dag.CompiledDag;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.TaskNode;
import io.updraft.core.metrics.MetricsRecorder;
import io.updraft.core.queue.TaskMessage;
import io.updraft.core.queue.TaskQueue;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.HandOver;
import io.updraft.core.run.HandedOver;
import io.updraft.core.run.LogLines;
import io.updraft.core.run.RunStore;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.TaskState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The shortest path from one task to the next: a success, the downstream tasks it made ready
 * queued, and one of them claimed by the worker that recorded it, in one round trip to the database
 * ({@link RunStore#handOver}) instead of reading and planning the whole run. For the tasks {@link
 * CompiledDag#handOversOf} admits; the others take {@link AdvanceRun#record}, which does the same
 * through the planner. {@link RunProgress#record} chooses.
 */
final class HandOverPath {
  private final RunStore runs;
  private final TaskQueue queue;
  private final MetricsRecorder metrics;

  HandOverPath(RunStore runs, TaskQueue queue, MetricsRecorder metrics) {
    this.runs = runs;
    this.queue = queue;
    this.metrics = metrics;
  }

  /**
   * Records {@code outcome} of task {@code taskId} this way, or returns empty (nothing done) when
   * the path does not apply: the caller then takes the planner's. {@code logs} are the try's last
   * lines, written in the same commit.
   */
  Optional<Recorded> record(
      TaskChange outcome,
      DagRun run,
      DagStructure dag,
      String taskId,
      RunItself itself,
      List<LogLines> logs) {
    if (outcome.to() != TaskState.SUCCESS || !onlyFor(outcome, logs)) {
      return Optional.empty();
    }
    Optional<List<TaskNode>> downstream = CompiledDag.of(dag).handOversOf(taskId);
    if (downstream.isEmpty()) {
      return Optional.empty();
    }
    Map<String, List<String>> upstreamOf = new HashMap<>();
    Set<String> takeable = new HashSet<>();
    for (TaskNode next : downstream.get()) {
      upstreamOf.put(next.taskId(), next.upstream());
      if (itself.worker() != null && itself.accepts().test(asQueued(run, next))) {
        takeable.add(next.taskId());
      }
    }
    List<String> lines = new ArrayList<>();
    logs.forEach(l -> lines.addAll(l.lines()));
    Optional<HandedOver> done =
        runs.handOver(
            new HandOver(
                outcome, run, upstreamOf, dag.maxActiveTasks(), itself.worker(), takeable, lines));
    if (done.isEmpty()) {
      return Optional.of(Recorded.MISSED);
    }
    HandedOver handedOver = done.get();
    push(handedOver.queued());
    List<TaskInstance> madeReady = new ArrayList<>(handedOver.queued());
    handedOver.taken().ifPresent(madeReady::add);
    for (TaskInstance ti : madeReady) {
      metrics.taskQueued(ti.queue(), Duration.between(outcome.at(), ti.queuedAt()));
    }
    return Optional.of(
        new Recorded(
            true, handedOver.taken(), handedOver.taken().isPresent() && handedOver.waiting() == 0));
  }

  private void push(List<TaskInstance> queued) {
    if (queued.isEmpty()) {
      return;
    }
    queue.push(queued.stream().map(TaskMessage::of).toList());
  }

  /** The path writes one try's lines: those of the outcome's try, and only those. */
  private static boolean onlyFor(TaskChange outcome, List<LogLines> logs) {
    return logs.stream()
        .allMatch(
            l ->
                l.taskInstanceId() == outcome.taskInstanceId()
                    && l.tryNumber() == outcome.tryNumber());
  }

  /** What the task's instance looks like once queued, for the worker to say whether it takes it. */
  private static TaskInstance asQueued(DagRun run, TaskNode node) {
    return TaskInstance.builder(0, node.taskId())
        .dagRunId(run.id())
        .dagId(run.dagId())
        .runId(run.runId())
        .state(TaskState.QUEUED)
        .maxTries(node.maxTries())
        .queue(node.queue())
        .pool(node.pool())
        .priorityWeight(node.priorityWeight())
        .build();
  }
}

package io.updraft.worker;

import io.updraft.core.queue.RunEvents;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.LogLines;
import io.updraft.core.run.RenderedFieldsStore;
import io.updraft.core.run.RunStore;
import io.updraft.core.run.TaskChange;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Records a batch of finished tries and their logs in one statement (fenced: running → outcome),
 * then queues the downstream tasks that became ready (one plan per run) and tells the scheduler,
 * once per run. Tries that write asset events never come here ({@link Outlets}).
 */
final class BatchRecording {
  private final RunStore runs;
  private final RenderedFieldsStore renderedFields;
  private final RunEvents events;
  private final Clock clock;
  private final RunningTasks running;
  private final MiniScheduler miniScheduler;
  private final BatchBranchSkips branchSkips;
  private final AfterRecording afterRecording;

  BatchRecording(
      RunStore runs,
      RenderedFieldsStore renderedFields,
      RunEvents events,
      Clock clock,
      RunningTasks running,
      MiniScheduler miniScheduler,
      BatchBranchSkips branchSkips,
      AfterRecording afterRecording) {
    this.runs = runs;
    this.renderedFields = renderedFields;
    this.events = events;
    this.clock = clock;
    this.running = running;
    this.miniScheduler = miniScheduler;
    this.branchSkips = branchSkips;
    this.afterRecording = afterRecording;
  }

  void record(List<TaskRunner.Finished> finished) {
    Instant now = clock.instant();
    List<LogLines> lines = new ArrayList<>();
    List<TaskChange> changes = new ArrayList<>();
    for (TaskRunner.Finished f : finished) {
      f.log().flush(lines);
      changes.add(
          TaskChange.outcome(
              f.claim().ti().id(),
              f.claim().tryNumber(),
              f.outcome().state(),
              now,
              f.outcome().nextTryAt()));
    }
    List<TaskChange> recorded;
    try {
      finished.forEach(f -> f.rendered().saveTo(renderedFields));
      // The outcomes and their logs in one commit. Until then the tries stay registered, and so
      // heartbeated, with their whole logs, to be recorded again.
      recorded = runs.applyAll(changes, lines);
    } catch (RuntimeException e) {
      finished.forEach(f -> f.log().putBack(lines));
      throw e;
    }
    finished.forEach(f -> running.finish(f.execution()));
    Set<Long> applied = new HashSet<>();
    recorded.forEach(c -> applied.add(c.taskInstanceId()));
    finished.stream()
        .filter(f -> applied.contains(f.claim().ti().id()))
        .forEach(afterRecording::callBackLater);
    branchSkips.apply(recorded, finished);
    Map<Long, DagRun> toPlan = new LinkedHashMap<>();
    Map<Long, DagRun> changed = new LinkedHashMap<>();
    for (TaskRunner.Finished f : finished) {
      DagRun run = f.claim().run();
      changed.put(run.id(), run);
      if (miniScheduler.worthPlanning(f.claim().ti(), f.outcome().state())) {
        toPlan.put(run.id(), run);
      }
    }
    miniScheduler.planAll(toPlan.values());
    changed.keySet().forEach(events::publish);
  }
}

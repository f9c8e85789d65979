package io.updraft.worker;

import io.updraft.core.dag.DagStructure;
import io.updraft.core.metrics.MetricsRecorder;
import io.updraft.core.plan.FinishedTry;
import io.updraft.core.plan.Recorded;
import io.updraft.core.plan.RunItself;
import io.updraft.core.plan.RunProgress;
import io.updraft.core.queue.RunEvents;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.LogLines;
import io.updraft.core.run.OutletEvent;
import io.updraft.core.run.RenderedFieldsStore;
import io.updraft.core.run.RunStore;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.run.TaskLogStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records one finished try: its outcome and what it causes (queued downstream tasks, a branch's
 * skips, its asset events) in one transaction, so that the next task of a chain is one commit away.
 * A try whose slot is there to hand on may hand it to a task it made ready, as the {@link
 * HandOverOffer} decides.
 */
final class OneTryRecording {
  private static final Logger LOG = LoggerFactory.getLogger(OneTryRecording.class);

  private final RunStore runs;
  private final TaskLogStore logs;
  private final RenderedFieldsStore renderedFields;
  private final RunProgress progress;
  private final RunEvents events;
  private final Clock clock;
  private final RunningTasks running;
  private final MetricsRecorder metrics;
  private final RunStructures structures;
  private final BranchFollowUps followUps;
  private final MiniScheduler miniScheduler;
  private final AfterRecording afterRecording;
  private HandOverOffer handOvers;

  OneTryRecording(
      HandOverOffer handOvers,
      RunStore runs,
      TaskLogStore logs,
      RenderedFieldsStore renderedFields,
      RunProgress progress,
      RunEvents events,
      Clock clock,
      RunningTasks running,
      MetricsRecorder metrics,
      RunStructures structures,
      BranchFollowUps followUps,
      MiniScheduler miniScheduler,
      AfterRecording afterRecording) {
    this.handOvers = handOvers;
    this.runs = runs;
    this.logs = logs;
    this.renderedFields = renderedFields;
    this.progress = progress;
    this.events = events;
    this.clock = clock;
    this.running = running;
    this.metrics = metrics;
    this.structures = structures;
    this.followUps = followUps;
    this.miniScheduler = miniScheduler;
    this.afterRecording = afterRecording;
  }

  /** Lets tries hand their slots on to tasks they made ready, as {@code offer} decides. */
  void offering(HandOverOffer offer) {
    this.handOvers = offer;
  }

  /** The task this try's slot was handed to, claimed, to be run at once with no queue message. */
  Optional<TaskClaims.Claim> record(TaskRunner.Finished f, boolean slotToHandOn) {
    TaskInstance ti = f.claim().ti();
    DagRun run = f.claim().run();
    TaskChange outcome =
        TaskChange.outcome(
            ti.id(),
            f.claim().tryNumber(),
            f.outcome().state(),
            clock.instant(),
            f.outcome().nextTryAt());
    Optional<TaskInstance> taken = Optional.empty();
    boolean settled = false;
    boolean applied;
    List<LogLines> lines = new ArrayList<>();
    try {
      f.rendered().saveTo(renderedFields);
      Optional<DagStructure> found =
          miniScheduler.worthPlanning(f.claim().ti(), f.outcome().state())
              ? structures.of(run)
              : Optional.empty();
      List<OutletEvent> outletEvents = Outlets.eventsOf(f, run, outcome.at());
      if (found.isEmpty() && !outletEvents.isEmpty()) {
        f.log().flush(lines);
        applied = runs.applyAfter(outcome, List.of(), lines, outletEvents).isPresent();
        if (!applied) {
          logs.appendAll(lines);
        }
      } else if (found.isEmpty()) {
        // The log with the outcome, in one statement and one commit, written even if late.
        f.log().flush(lines);
        applied = !runs.applyAll(List.of(outcome), lines).isEmpty();
      } else {
        DagStructure structure = found.get();
        f.log().flush(lines);
        RunItself itself = handOvers.forTry(run, slotToHandOn);
        Recorded recorded =
            progress.record(
                new FinishedTry(
                    outcome,
                    run,
                    structure,
                    ti.taskId(),
                    lines,
                    instances ->
                        followUps.skipsAfter(outcome, structure, run, ti.taskId(), instances)),
                itself,
                outletEvents);
        if (!recorded.applied()) {
          // A late outcome (the try was reaped or cleared meanwhile): its log still tells why.
          logs.appendAll(lines);
        }
        applied = recorded.applied();
        taken = recorded.taken();
        settled = recorded.settled();
      }
    } catch (RuntimeException e) {
      // Not recorded: the try stays registered, and so heartbeated, and keeps its whole log, to
      // be recorded again once the database answers.
      f.log().putBack(lines);
      throw e;
    }
    running.finish(f.execution());
    if (applied) {
      afterRecording.callBackLater(f);
    }
    if (!settled) {
      // A run whose next task this worker took goes on without the scheduler: no event needed.
      try {
        events.publish(run.id());
      } catch (RuntimeException e) {
        LOG.warn("Cannot tell the scheduler about run {}: {}", run.runId(), e.toString());
      }
    }
    // Queued and claimed in one commit: no wait in the queue.
    taken.ifPresent(next -> metrics.taskStarted(next.queue(), outcome.at(), outcome.at()));
    return taken.map(next -> new TaskClaims.Claim(null, next, next.tryNumber(), run));
  }
}

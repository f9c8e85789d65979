package io.updraft.worker;

import io.updraft.core.config.LogsConfig;
import io.updraft.core.dag.DagSource;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.hook.Hooks;
import io.updraft.core.metrics.EndedTry;
import io.updraft.core.metrics.MetricsRecorder;
import io.updraft.core.plan.FinishedTry;
import io.updraft.core.plan.MissingTaskInstances;
import io.updraft.core.plan.Recorded;
import io.updraft.core.plan.RunItself;
import io.updraft.core.plan.RunProgress;
import io.updraft.core.queue.Delivery;
import io.updraft.core.queue.RunEvents;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.DagStore;
import io.updraft.core.run.LogLines;
import io.updraft.core.run.OutletEvent;
import io.updraft.core.run.RenderedFieldsStore;
import io.updraft.core.run.RunStore;
import io.updraft.core.run.StoredDagRuns;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.run.TaskLogShipper;
import io.updraft.core.run.TaskLogStore;
import io.updraft.core.run.XComStore;
import io.updraft.core.secrets.SecretsChain;
import io.updraft.core.state.TaskState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one try of one task instance: claims it with a fenced update, runs its operator ({@link
 * OperatorRun}), records the outcome with the same fence, and queues the downstream tasks that
 * became ready at once (Airflow's "mini scheduler") through {@link RunProgress#record}.
 */
public final class TaskRunner {
  private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);

  private final String workerName;
  private final DagSource dagSource;
  private final RunStore runs;
  private final TaskLogStore logs;
  private final RenderedFieldsStore renderedFields;
  private final RunProgress progress;
  private final RunEvents events;
  private final Clock clock;
  private final RunningTasks running;
  private final SecretsChain secrets;
  private final MetricsRecorder metrics;
  private final RunStructures structures;
  private final BranchFollowUps followUps;
  private final MiniScheduler miniScheduler;
  private final OperatorRun operators;
  private final TaskClaims claims;
  private final Hooks hooks;
  private long logMaxBytesPerTry = LogsConfig.DEFAULT_MAX_BYTES_PER_TRY;
  private HandOverOffer handOvers;
  private volatile TaskLogShipper shipper;

  TaskRunner(
      String workerName,
      DagSource dagSource,
      RunStore runs,
      DagStore dags,
      XComStore xcoms,
      TaskLogStore logs,
      RenderedFieldsStore renderedFields,
      RunProgress progress,
      RunEvents events,
      Clock clock,
      RunningTasks running,
      int xcomMaxBytes,
      SecretsChain secrets,
      Hooks hooks,
      MetricsRecorder metrics) {
    this.workerName = workerName;
    this.dagSource = dagSource;
    this.handOvers = HandOverOffer.none(workerName, dagSource);
    this.runs = runs;
    this.logs = logs;
    this.renderedFields = renderedFields;
    this.progress = progress;
    this.events = events;
    this.clock = clock;
    this.running = running;
    this.claims = new TaskClaims(workerName, runs, clock, metrics);
    this.hooks = hooks;
    this.operators =
        new OperatorRun(
            workerName,
            dagSource,
            runs,
            xcoms,
            new XComWriter(xcoms, xcomMaxBytes, secrets.masker()),
            secrets,
            hooks,
            clock,
            metrics,
            new StoredDagRuns(runs, dags, events::publish, clock));
    this.secrets = secrets;
    this.metrics = metrics;
    this.structures = new RunStructures(dagSource, dags);
    this.followUps = new BranchFollowUps(xcoms);
    this.miniScheduler = new MiniScheduler(dagSource, structures, progress);
  }

  /**
   * Claims, runs and records one delivery on the calling thread; false when it was stale. The
   * worker's loop batches these steps; this is the same path for one message.
   */
  public boolean run(Delivery delivery) {
    TaskClaims.Claims claimed = claims.claim(List.of(delivery));
    if (claimed.claimed().isEmpty()) {
      return false;
    }
    List<Finished> finished = new CopyOnWriteArrayList<>();
    execute(claimed.claimed().getFirst(), finished::add);
    record(List.of(finished.getFirst()), false);
    return true;
  }

  /** Claims the deliveries of a batch for this worker. */
  TaskClaims claims() {
    return claims;
  }

  /**
   * Runs one claimed try on the calling thread and hands its outcome, to be recorded by {@link
   * #record}, to {@code done}: from the calling thread when the operator ends, or from the
   * timeouts' thread as soon as its execution timeout passes (the calling thread may then run on,
   * detached, and its end hands over nothing).
   */
  void execute(TaskClaims.Claim claim, Consumer<Finished> done) {
    TaskInstance ti = claim.ti();
    BufferedTaskLog taskLog =
        new BufferedTaskLog(
            logs, ti.id(), claim.tryNumber(), secrets.masker(), logMaxBytesPerTry, clock);
    RenderedTemplates rendered =
        new RenderedTemplates(ti.id(), claim.tryNumber(), secrets.masker());
    taskLog.updraftLine(
        "Running "
            + ti.dagId()
            + "."
            + ti.taskId()
            + " try "
            + claim.tryNumber()
            + "/"
            + ti.maxTries()
            + " of run "
            + claim.run().runId()
            + " on "
            + workerName);
    // Stays registered, and so heartbeated, until its outcome is recorded.
    RunningTasks.Execution execution = running.start(ti.id(), claim.tryNumber());
    TryCallbacks callbacks = new TryCallbacks(hooks, taskLog, ti.id(), claim.tryNumber());
    long started = System.nanoTime();
    Instant startedAt = clock.instant();
    Consumer<OperatorRun.Outcome> finish =
        outcome -> {
          metrics.taskFinished(
              ti.dagId(), outcome.state(), Duration.ofNanos(System.nanoTime() - started));
          metrics.tryEnded(
              new EndedTry(
                  claim.run(),
                  ti,
                  claim.tryNumber(),
                  workerName,
                  outcome.state(),
                  startedAt,
                  clock.instant()));
          done.accept(new Finished(claim, outcome, taskLog, rendered, execution, callbacks));
        };
    OperatorRun.Outcome outcome;
    try {
      outcome =
          operators.run(
              claim.run(), ti, claim.tryNumber(), taskLog, rendered, execution, callbacks, finish);
    } catch (RuntimeException | Error e) {
      if (!execution.end()) {
        endedAfterTimeout(ti, taskLog, execution);
        return;
      }
      running.finish(execution);
      throw e;
    } finally {
      Thread
          .interrupted(); // a late interrupt must not disturb recording, nor the thread's next try
    }
    if (outcome == null) {
      endedAfterTimeout(ti, taskLog, execution);
    } else {
      finish.accept(outcome);
    }
  }

  /**
   * The thread of a try whose timeout already recorded it ended: nothing to record (its fence would
   * match nothing anyway); what it logged meanwhile is kept.
   */
  private void endedAfterTimeout(
      TaskInstance ti, BufferedTaskLog taskLog, RunningTasks.Execution execution) {
    if (execution.endedDetached()) {
      metrics.unstoppableTaskThreadEnded(ti.dagId());
      taskLog.updraftLine(
          "The task's thread, detached after its timeout, ended; nothing is recorded");
    }
    try {
      taskLog.flush();
    } catch (RuntimeException e) {
      LOG.warn("Cannot write the late log of task instance {}: {}", ti.id(), e.toString());
    }
  }

  /**
   * Records finished tries and their logs in one statement (fenced: running → outcome), queues the
   * downstream tasks that became ready (one plan per run) and tells the scheduler, once per run. A
   * single try whose slot is there to hand on ({@code slotsToHandOn}) may hand it to a task it made
   * ready, as the {@link HandOverOffer} decides: that task is returned claimed, to be run at once,
   * with no queue message.
   */
  List<TaskClaims.Claim> record(List<Finished> finished, boolean slotsToHandOn) {
    if (finished.size() == 1) {
      return recordOne(finished.getFirst(), slotsToHandOn).stream().toList();
    }
    if (finished.stream().anyMatch(Outlets::updateAssets)) {
      // A success with outlets writes its asset events in its own commit (recordOne); the
      // others keep the batch.
      List<Finished> plain = new ArrayList<>();
      for (Finished f : finished) {
        if (Outlets.updateAssets(f)) {
          recordOne(f, false);
        } else {
          plain.add(f);
        }
      }
      return plain.isEmpty() ? List.of() : record(plain, slotsToHandOn);
    }
    Instant now = clock.instant();
    List<LogLines> lines = new ArrayList<>();
    List<TaskChange> changes = new ArrayList<>();
    for (Finished f : finished) {
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
        .forEach(this::callBackLater);
    applyBranchSkips(recorded, finished);
    Map<Long, DagRun> toPlan = new LinkedHashMap<>();
    Map<Long, DagRun> changed = new LinkedHashMap<>();
    for (Finished f : finished) {
      DagRun run = f.claim().run();
      changed.put(run.id(), run);
      if (miniScheduler.worthPlanning(f.claim().ti(), f.outcome().state())) {
        toPlan.put(run.id(), run);
      }
    }
    miniScheduler.planAll(toPlan.values());
    changed.keySet().forEach(events::publish);
    return List.of();
  }

  /**
   * One finished try: its outcome and what it causes (queued downstream tasks, a branch's skips) in
   * one transaction, so that the next task of a chain is one commit away.
   */
  private Optional<TaskClaims.Claim> recordOne(Finished f, boolean slotToHandOn) {
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
        f.log().flush();
        applied = runs.apply(outcome);
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
      callBackLater(f);
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

  /**
   * After a batch: the skips of the branches and short circuits that succeeded in it. Most tries
   * are neither, and cost a map lookup: the run's tasks are read only for those that are.
   */
  private void applyBranchSkips(List<TaskChange> recorded, List<Finished> finished) {
    Map<Long, TaskChange> succeeded = new HashMap<>();
    for (TaskChange c : recorded) {
      if (c.to() == TaskState.SUCCESS) {
        succeeded.put(c.taskInstanceId(), c);
      }
    }
    for (Finished f : finished) {
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

  /**
   * Runs the callback of a recorded outcome on a thread of its own: user code never runs inside the
   * recording transaction, nor holds up the recording of other tries. Then ships the try's log, if
   * logs are shipped: after the callback, whose lines belong to the try's log.
   */
  private void callBackLater(Finished f) {
    TaskState state = f.outcome().state();
    boolean callback = f.callbacks().has(state);
    TaskLogShipper logShipper = shipper;
    // A rescheduled sensor's try goes on at its next poke, in the same log.
    boolean ship = logShipper != null && state != TaskState.UP_FOR_RESCHEDULE;
    if (callback || ship) {
      Thread.ofVirtual()
          .name("updraft-callback-" + f.claim().ti().id())
          .start(
              () -> {
                if (callback) {
                  f.callbacks().afterRecorded(state);
                }
                if (ship) {
                  logShipper.ship(f.claim().ti(), f.claim().tryNumber());
                }
              });
    }
  }

  /** Ships each ended try's log through {@code logShipper} (logs.remote). */
  TaskRunner shippingLogs(TaskLogShipper logShipper) {
    this.shipper = logShipper;
    return this;
  }

  /** Lets tries hand their slots on to tasks they made ready, as {@code offer} decides. */
  TaskRunner offering(HandOverOffer offer) {
    this.handOvers = offer;
    return this;
  }

  /** Runs every Java task that does not choose in a JVM of its own (worker.isolate_java_tasks). */
  TaskRunner isolatingJavaTasks(boolean isolate) {
    operators.isolateJavaTasks(isolate);
    return this;
  }

  /** Caps each try's stored output at {@code bytes} (the worker's logs.max_bytes_per_try). */
  TaskRunner capLogsAt(long bytes) {
    this.logMaxBytesPerTry = bytes;
    return this;
  }

  /** A try that ran, with its outcome, its log and its rendered templates still to write. */
  record Finished(
      TaskClaims.Claim claim,
      OperatorRun.Outcome outcome,
      BufferedTaskLog log,
      RenderedTemplates rendered,
      RunningTasks.Execution execution,
      TryCallbacks callbacks) {}

  /**
   * Puts up for retry a try that did not stop when its worker shut down. If it finishes after all,
   * its fenced update matches nothing and its outcome is dropped.
   */
  void abandon(RunningTasks.Execution execution) {
    boolean changed =
        runs.apply(
            TaskChange.outcome(
                execution.taskInstanceId(),
                execution.tryNumber(),
                TaskState.UP_FOR_RETRY,
                clock.instant(),
                clock.instant()));
    if (changed) {
      LOG.warn(
          "Task instance {} try {} did not stop in time; put up for retry",
          execution.taskInstanceId(),
          execution.tryNumber());
      runs.findTaskInstance(execution.taskInstanceId())
          .ifPresent(ti -> events.publish(ti.dagRunId()));
    }
  }
}

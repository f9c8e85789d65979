package io.updraft.worker;

import io.updraft.core.dag.DagSource;
import io.updraft.core.hook.Hooks;
import io.updraft.core.metrics.MetricsRecorder;
import io.updraft.core.plan.RunProgress;
import io.updraft.core.queue.Delivery;
import io.updraft.core.queue.RunEvents;
import io.updraft.core.run.DagStore;
import io.updraft.core.run.RenderedFieldsStore;
import io.updraft.core.run.RunStore;
import io.updraft.core.run.StoredDagRuns;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskLogShipper;
import io.updraft.core.run.TaskLogStore;
import io.updraft.core.run.XComStore;
import io.updraft.core.secrets.SecretsChain;
import io.updraft.core.state.TaskState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
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

  private final RunStore runs;
  private final RunEvents events;
  private final Clock clock;
  private final OperatorRun operators;
  private final TaskClaims claims;
  private final TriggeredRunRows triggeredRunRows;
  private final ClaimedTryRun tries;
  private final OneTryRecording oneTry;
  private final BatchRecording batch;
  private final AfterRecording afterRecording;

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
    this.runs = runs;
    this.events = events;
    this.clock = clock;
    this.claims = new TaskClaims(workerName, runs, clock, metrics);
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
    this.tries =
        new ClaimedTryRun(workerName, logs, secrets, clock, running, hooks, metrics, operators);
    RunStructures structures = new RunStructures(dagSource, dags);
    BranchFollowUps followUps = new BranchFollowUps(xcoms);
    MiniScheduler miniScheduler = new MiniScheduler(dagSource, structures, progress);
    this.triggeredRunRows = new TriggeredRunRows(runs, structures, progress);
    this.afterRecording = new AfterRecording();
    this.oneTry =
        new OneTryRecording(
            HandOverOffer.none(workerName, dagSource),
            runs,
            logs,
            renderedFields,
            progress,
            events,
            clock,
            running,
            metrics,
            structures,
            followUps,
            miniScheduler,
            afterRecording);
    this.batch =
        new BatchRecording(
            runs,
            renderedFields,
            events,
            clock,
            running,
            miniScheduler,
            new BatchBranchSkips(runs, structures, followUps),
            afterRecording);
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
   * After claimed tries went to their threads: the other task instances of the triggered runs whose
   * root tasks they are ({@link TriggeredRunRows}).
   */
  void started(List<TaskClaims.Claim> claimed) {
    triggeredRunRows.afterStart(claimed);
  }

  /**
   * Runs one claimed try on the calling thread and hands its outcome, to be recorded by {@link
   * #record}, to {@code done} ({@link ClaimedTryRun}).
   */
  void execute(TaskClaims.Claim claim, Consumer<Finished> done) {
    tries.execute(claim, done);
  }

  /**
   * Records finished tries: a single one with what it causes in one transaction ({@link
   * OneTryRecording}), several in one statement ({@link BatchRecording}). A single try whose slot
   * is there to hand on ({@code slotsToHandOn}) may hand it to a task it made ready, as the {@link
   * HandOverOffer} decides: that task is returned claimed, to be run at once, with no queue
   * message.
   */
  List<TaskClaims.Claim> record(List<Finished> finished, boolean slotsToHandOn) {
    if (finished.size() == 1) {
      return oneTry.record(finished.getFirst(), slotsToHandOn).stream().toList();
    }
    if (finished.stream().anyMatch(Outlets::updateAssets)) {
      // A success with outlets writes its asset events in its own commit (OneTryRecording); the
      // others keep the batch.
      List<Finished> plain = new ArrayList<>();
      for (Finished f : finished) {
        if (Outlets.updateAssets(f)) {
          oneTry.record(f, false);
        } else {
          plain.add(f);
        }
      }
      return plain.isEmpty() ? List.of() : record(plain, slotsToHandOn);
    }
    batch.record(finished);
    return List.of();
  }

  /** Ships each ended try's log through {@code logShipper} (logs.remote). */
  TaskRunner shippingLogs(TaskLogShipper logShipper) {
    afterRecording.shipLogsThrough(logShipper);
    return this;
  }

  /** Lets tries hand their slots on to tasks they made ready, as {@code offer} decides. */
  TaskRunner offering(HandOverOffer offer) {
    oneTry.offering(offer);
    return this;
  }

  /** Runs every Java task that does not choose in a JVM of its own (worker.isolate_java_tasks). */
  TaskRunner isolatingJavaTasks(boolean isolate) {
    operators.isolateJavaTasks(isolate);
    return this;
  }

  /** Caps each try's stored output at {@code bytes} (the worker's logs.max_bytes_per_try). */
  TaskRunner capLogsAt(long bytes) {
    tries.capLogsAt(bytes);
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

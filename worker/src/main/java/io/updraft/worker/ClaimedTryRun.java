package io.updraft.worker;

import io.updraft.core.config.LogsConfig;
import io.updraft.core.hook.Hooks;
import io.updraft.core.metrics.EndedTry;
import io.updraft.core.metrics.MetricsRecorder;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.run.TaskLogStore;
import io.updraft.core.secrets.SecretsChain;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one claimed try on the calling thread, through {@link OperatorRun}, and hands its outcome on
 * to be recorded; records nothing itself.
 */
final class ClaimedTryRun {
  private static final Logger LOG = LoggerFactory.getLogger(ClaimedTryRun.class);

  private final String workerName;
  private final TaskLogStore logs;
  private final SecretsChain secrets;
  private final Clock clock;
  private final RunningTasks running;
  private final Hooks hooks;
  private final MetricsRecorder metrics;
  private final OperatorRun operators;
  private long logMaxBytesPerTry = LogsConfig.DEFAULT_MAX_BYTES_PER_TRY;

  ClaimedTryRun(
      String workerName,
      TaskLogStore logs,
      SecretsChain secrets,
      Clock clock,
      RunningTasks running,
      Hooks hooks,
      MetricsRecorder metrics,
      OperatorRun operators) {
    this.workerName = workerName;
    this.logs = logs;
    this.secrets = secrets;
    this.clock = clock;
    this.running = running;
    this.hooks = hooks;
    this.metrics = metrics;
    this.operators = operators;
  }

  /** Caps each try's stored output at {@code bytes} (the worker's logs.max_bytes_per_try). */
  void capLogsAt(long bytes) {
    this.logMaxBytesPerTry = bytes;
  }

  /**
   * Runs one claimed try on the calling thread and hands its outcome, to be recorded by {@link
   * TaskRunner#record}, to {@code done}: from the calling thread when the operator ends, or from
   * the timeouts' thread as soon as its execution timeout passes (the calling thread may then run
   * on, detached, and its end hands over nothing).
   */
  void execute(TaskClaims.Claim claim, Consumer<TaskRunner.Finished> done) {
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
          done.accept(
              new TaskRunner.Finished(claim, outcome, taskLog, rendered, execution, callbacks));
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
}

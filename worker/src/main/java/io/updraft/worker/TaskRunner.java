package io.updraft.worker;

import io.updraft.core.dag.BranchOperator;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagBag;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.ShortCircuitOperator;
import io.updraft.core.dag.Task;
import io.updraft.core.dag.TaskNode;
import io.updraft.core.hook.HookScope;
import io.updraft.core.hook.Hooks;
import io.updraft.core.json.Json;
import io.updraft.core.plan.AdvanceRun;
import io.updraft.core.plan.BranchSkips;
import io.updraft.core.queue.Delivery;
import io.updraft.core.queue.RunEvents;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.DagStore;
import io.updraft.core.run.LogLines;
import io.updraft.core.run.RenderedFieldsStore;
import io.updraft.core.run.RunStore;
import io.updraft.core.run.StoredDag;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.run.TaskLogStore;
import io.updraft.core.run.XComStore;
import io.updraft.core.secrets.SecretsChain;
import io.updraft.core.state.TaskState;
import io.updraft.core.task.TaskSkippedException;
import io.updraft.core.template.TemplateRenderer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one try of one task instance: claims it with a fenced update, runs its operator, records the
 * outcome with the same fence, then plans the run again so that downstream tasks are queued at once
 * (Airflow's "mini scheduler") instead of waiting for the scheduler.
 */
public final class TaskRunner {
  private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);
  private static final int PLAN_PARALLELISM = 8;
  private static final int SMALL_RUN_TASKS = 100;

  private final String workerName;
  private final DagBag dagBag;
  private final RunStore runs;
  private final DagStore dags;
  private final XComStore xcoms;
  private final TaskLogStore logs;
  private final RenderedFieldsStore renderedFields;
  private final AdvanceRun advance;
  private final RunEvents events;
  private final Clock clock;
  private final RunningTasks running;
  private final XComWriter xcomWriter;
  private final SecretsChain secrets;
  private final Hooks hooks;
  private final Map<String, Set<String>> upstreamTasks = new ConcurrentHashMap<>();
  private final TemplateRenderer renderer = new TemplateRenderer();
  private final Map<Dag, Versioned> structures = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timeouts =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("updraft-task-timeouts").unstarted(r));

  TaskRunner(
      String workerName,
      DagBag dagBag,
      RunStore runs,
      DagStore dags,
      XComStore xcoms,
      TaskLogStore logs,
      RenderedFieldsStore renderedFields,
      AdvanceRun advance,
      RunEvents events,
      Clock clock,
      RunningTasks running,
      int xcomMaxBytes,
      SecretsChain secrets,
      Hooks hooks) {
    this.workerName = workerName;
    this.dagBag = dagBag;
    this.runs = runs;
    this.dags = dags;
    this.xcoms = xcoms;
    this.logs = logs;
    this.renderedFields = renderedFields;
    this.advance = advance;
    this.events = events;
    this.clock = clock;
    this.running = running;
    this.xcomWriter = new XComWriter(xcoms, xcomMaxBytes);
    this.secrets = secrets;
    this.hooks = hooks;
  }

  /**
   * Claims, runs and records one delivery on the calling thread; false when it was stale. The
   * worker's loop batches these steps; this is the same path for one message.
   */
  public boolean run(Delivery delivery) {
    Claims claims = claim(List.of(delivery));
    if (claims.claimed().isEmpty()) {
      return false;
    }
    record(List.of(execute(claims.claimed().getFirst())));
    return true;
  }

  /**
   * Claims the deliveries' tries in one transaction (fenced: queued → running on this worker).
   * Deliveries whose fence matched nothing are stale (another worker took the try, or it was
   * cleared or done): the row is the truth, and they are returned to be acked and dropped.
   */
  Claims claim(List<Delivery> deliveries) {
    Map<Long, TaskInstance> found = new HashMap<>();
    for (TaskInstance ti :
        runs.findTaskInstances(
            deliveries.stream().map(d -> d.message().taskInstanceId()).toList())) {
      found.put(ti.id(), ti);
    }
    Instant now = clock.instant();
    List<TaskChange> changes = new ArrayList<>();
    for (Delivery d : deliveries) {
      if (found.containsKey(d.message().taskInstanceId())) {
        changes.add(
            new TaskChange(
                d.message().taskInstanceId(),
                d.message().tryNumber(),
                TaskState.QUEUED,
                TaskState.RUNNING,
                now,
                false,
                null,
                workerName));
      }
    }
    Set<Long> claimedIds = new HashSet<>();
    for (TaskChange c : runs.applyAll(changes)) {
      claimedIds.add(c.taskInstanceId());
    }
    Map<Long, DagRun> runsById = new HashMap<>();
    List<Claim> claimed = new ArrayList<>();
    List<Delivery> stale = new ArrayList<>();
    for (Delivery d : deliveries) {
      TaskInstance ti = found.get(d.message().taskInstanceId());
      // A message may come twice in one batch: only its first copy runs.
      if (ti == null || !claimedIds.remove(ti.id())) {
        LOG.debug("Dropping stale message {}", d.message());
        stale.add(d);
        continue;
      }
      DagRun run = runsById.computeIfAbsent(ti.dagRunId(), id -> runs.findRun(id).orElseThrow());
      claimed.add(new Claim(d, ti, d.message().tryNumber(), run));
    }
    return new Claims(claimed, stale);
  }

  /** Runs one claimed try on the calling thread; the outcome is recorded by {@link #record}. */
  Finished execute(Claim claim) {
    TaskInstance ti = claim.ti();
    BufferedTaskLog taskLog =
        new BufferedTaskLog(logs, ti.id(), claim.tryNumber(), secrets.masker());
    RenderedTemplates rendered =
        new RenderedTemplates(ti.id(), claim.tryNumber(), secrets.masker());
    taskLog.info(
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
    Outcome outcome;
    try {
      outcome = execute(claim.run(), ti, claim.tryNumber(), taskLog, rendered, execution);
    } catch (RuntimeException | Error e) {
      running.finish(execution);
      throw e;
    } finally {
      Thread.interrupted(); // a late timeout must not disturb recording the outcome
    }
    return new Finished(claim, outcome, taskLog, rendered, execution);
  }

  /**
   * Records finished tries in one transaction (fenced: running → outcome), writes their logs in one
   * batch, queues the downstream tasks that became ready (one plan per run) and tells the
   * scheduler, once per run.
   */
  void record(List<Finished> finished) {
    if (finished.size() == 1) {
      recordOne(finished.getFirst());
      return;
    }
    Instant now = clock.instant();
    List<LogLines> lines = new ArrayList<>();
    List<TaskChange> changes = new ArrayList<>();
    for (Finished f : finished) {
      f.log().flush(lines);
      changes.add(
          new TaskChange(
              f.claim().ti().id(),
              f.claim().tryNumber(),
              TaskState.RUNNING,
              f.outcome().state(),
              now,
              false,
              f.outcome().nextTryAt(),
              null));
    }
    List<TaskChange> recorded;
    try {
      logs.appendAll(lines);
      finished.forEach(f -> f.rendered().saveTo(renderedFields));
      recorded = runs.applyAll(changes);
    } finally {
      finished.forEach(f -> running.finish(f.execution()));
    }
    applyBranchSkips(recorded, finished);
    Map<Long, DagRun> toPlan = new LinkedHashMap<>();
    Map<Long, DagRun> changed = new LinkedHashMap<>();
    for (Finished f : finished) {
      DagRun run = f.claim().run();
      changed.put(run.id(), run);
      if (worthPlanning(f)) {
        toPlan.put(run.id(), run);
      }
    }
    planAll(toPlan.values());
    changed.keySet().forEach(events::publish);
  }

  /**
   * One finished try: its outcome and what it causes (queued downstream tasks, a branch's skips) in
   * one transaction, so that the next task of a chain is one commit away.
   */
  private void recordOne(Finished f) {
    TaskInstance ti = f.claim().ti();
    DagRun run = f.claim().run();
    TaskChange outcome =
        new TaskChange(
            ti.id(),
            f.claim().tryNumber(),
            TaskState.RUNNING,
            f.outcome().state(),
            clock.instant(),
            false,
            f.outcome().nextTryAt(),
            null);
    try {
      f.log().flush();
      f.rendered().saveTo(renderedFields);
      Optional<DagStructure> found = worthPlanning(f) ? structureOf(run) : Optional.empty();
      if (found.isEmpty()) {
        runs.apply(outcome);
      } else {
        DagStructure structure = found.get();
        advance.record(
            outcome,
            run,
            structure,
            instances -> skipsAfter(outcome, structure, run, ti.taskId(), instances));
      }
    } finally {
      running.finish(f.execution());
    }
    events.publish(run.id());
  }

  /**
   * The structure the run was made from: this worker's own copy when its version matches (no query,
   * no JSON to parse on the path from one task to the next), else the stored one.
   */
  private Optional<DagStructure> structureOf(DagRun run) {
    Optional<DagStructure> local =
        dagBag
            .get(run.dagId())
            .map(dag -> structures.computeIfAbsent(dag, d -> new Versioned(d.structure())))
            .filter(v -> v.hash().equals(run.dagVersion()))
            .map(Versioned::structure);
    return local.isPresent() ? local : dags.find(run.dagId()).map(StoredDag::structure);
  }

  private record Versioned(DagStructure structure, String hash) {
    Versioned(DagStructure structure) {
      this(structure, structure.versionHash());
    }
  }

  /** After a batch: the skips of the branches and short circuits that succeeded in it. */
  private void applyBranchSkips(List<TaskChange> recorded, List<Finished> finished) {
    for (Finished f : finished) {
      TaskChange outcome =
          recorded.stream()
              .filter(c -> c.taskInstanceId() == f.claim().ti().id())
              .findFirst()
              .orElse(null);
      if (outcome == null || outcome.to() != TaskState.SUCCESS) {
        continue;
      }
      DagRun run = f.claim().run();
      dags.find(run.dagId())
          .ifPresent(
              stored -> {
                List<TaskChange> skips =
                    skipsAfter(
                        outcome,
                        stored.structure(),
                        run,
                        f.claim().ti().taskId(),
                        runs.taskInstances(run.id()));
                if (!skips.isEmpty()) {
                  runs.applyAll(skips);
                }
              });
    }
  }

  private List<TaskChange> skipsAfter(
      TaskChange recorded,
      DagStructure structure,
      DagRun run,
      String taskId,
      List<TaskInstance> instances) {
    if (recorded.to() != TaskState.SUCCESS) {
      return List.of();
    }
    String kind = structure.task(taskId).map(TaskNode::kind).orElse("");
    if (!kind.equals(BranchOperator.KIND) && !kind.equals(ShortCircuitOperator.KIND)) {
      return List.of();
    }
    Object returned =
        xcoms
            .get(run.id(), taskId, XComStore.RETURN_VALUE)
            .map(json -> Json.read(json, Object.class))
            .orElse(null);
    if (kind.equals(BranchOperator.KIND)) {
      return BranchSkips.forBranch(
          structure, taskId, BranchOperator.followed(returned, taskId), instances, recorded.at());
    }
    return ShortCircuitOperator.isTruthy(returned)
        ? List.of()
        : BranchSkips.forShortCircuit(structure, taskId, instances, recorded.at());
  }

  /** A try this worker claimed. */
  record Claim(Delivery delivery, TaskInstance ti, int tryNumber, DagRun run) {}

  /** The claimed tries of a batch, and the deliveries that turned out stale. */
  record Claims(List<Claim> claimed, List<Delivery> stale) {}

  /** A try that ran, with its outcome, its log and its rendered templates still to write. */
  record Finished(
      Claim claim,
      Outcome outcome,
      BufferedTaskLog log,
      RenderedTemplates rendered,
      RunningTasks.Execution execution) {}

  private Outcome execute(
      DagRun run,
      TaskInstance ti,
      int tryNumber,
      BufferedTaskLog taskLog,
      RenderedTemplates rendered,
      RunningTasks.Execution execution) {
    long started = System.nanoTime();
    Task task = null;
    Dag dag = null;
    ScheduledFuture<?> timeout = null;
    HookScope hookScope = hooks.scope("task " + ti.dagId() + "." + ti.taskId());
    try {
      dag =
          dagBag
              .get(ti.dagId())
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "DAG '" + ti.dagId() + "' is not in worker " + workerName + "'s DAGs"));
      task =
          dag.task(ti.taskId())
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "Task '" + ti.taskId() + "' is not in DAG '" + ti.dagId() + "'"));
      WorkerTaskContext context =
          new WorkerTaskContext(
                  run,
                  ti.taskId(),
                  tryNumber,
                  xcoms,
                  xcomWriter,
                  renderer,
                  taskLog,
                  secrets,
                  workerName)
              .withHooks(hookScope)
              .recordingInto(rendered);
      if (task.executionTimeout() != null) {
        timeout =
            timeouts.schedule(
                () -> execution.stop(RunningTasks.StopReason.TIMEOUT),
                task.executionTimeout().toNanos(),
                TimeUnit.NANOSECONDS);
      }
      Object result;
      // Flushed at least every second, so the log can be followed while the task runs.
      ScheduledFuture<?> flusher =
          timeouts.scheduleWithFixedDelay(taskLog::flush, 1, 1, TimeUnit.SECONDS);
      TaskLogAppender.Scope routed = TaskLogAppender.route(ti.id(), tryNumber, taskLog);
      try {
        result = task.operator().execute(context);
      } finally {
        routed.close();
        flusher.cancel(false);
      }
      if (execution.stopReason() != null) {
        throw new InterruptedException("stopped: " + execution.stopReason());
      }
      if (result != null) {
        xcomWriter.put(run.id(), ti.dagId(), ti.taskId(), XComStore.RETURN_VALUE, result);
      }
      taskLog.info("Task succeeded in " + millisSince(started) + " ms");
      return new Outcome(TaskState.SUCCESS, null);
    } catch (TaskSkippedException e) {
      taskLog.info("Task skipped after " + millisSince(started) + " ms: " + e.getMessage());
      return new Outcome(TaskState.SKIPPED, null);
    } catch (Exception | LinkageError | AssertionError e) {
      RunningTasks.StopReason stopped = execution.stopReason();
      if (stopped == RunningTasks.StopReason.SHUTDOWN) {
        taskLog.info("Worker " + workerName + " is stopping: task interrupted, put up for retry");
        return new Outcome(TaskState.UP_FOR_RETRY, clock.instant());
      }
      if (stopped == RunningTasks.StopReason.TIMEOUT) {
        taskLog.info(
            "Task timed out: it ran longer than its execution timeout of "
                + task.executionTimeout()
                + " and was stopped");
      } else {
        taskLog.info("Task failed after " + millisSince(started) + " ms: " + stackTrace(e));
      }
      if (tryNumber < ti.maxTries()) {
        Duration delay =
            task != null
                ? dag.retryPolicyOf(task)
                    .delayAfter(tryNumber, ThreadLocalRandom.current().nextDouble())
                : Duration.ZERO;
        Instant next = clock.instant().plus(delay);
        taskLog.info(
            "Up for retry at " + next + " (try " + (tryNumber + 1) + " of " + ti.maxTries() + ")");
        return new Outcome(TaskState.UP_FOR_RETRY, next);
      }
      return new Outcome(TaskState.FAILED, null);
    } finally {
      if (timeout != null) {
        timeout.cancel(false);
      }
      // Hooks the operator left open go back to their pools whatever happened.
      hookScope.close();
    }
  }

  /**
   * Puts up for retry a try that did not stop when its worker shut down. If it finishes after all,
   * its fenced update matches nothing and its outcome is dropped.
   */
  void abandon(RunningTasks.Execution execution) {
    boolean changed =
        runs.apply(
            new TaskChange(
                execution.taskInstanceId(),
                execution.tryNumber(),
                TaskState.RUNNING,
                TaskState.UP_FOR_RETRY,
                clock.instant(),
                false,
                clock.instant(),
                null));
    if (changed) {
      LOG.warn(
          "Task instance {} try {} did not stop in time; put up for retry",
          execution.taskInstanceId(),
          execution.tryNumber());
      runs.findTaskInstance(execution.taskInstanceId())
          .ifPresent(ti -> events.publish(ti.dagRunId()));
    }
  }

  /**
   * Whether the mini scheduler should plan the try's run now. A small run is planned after every
   * try: that queues what became ready, retries at once, and closes the run without waiting for the
   * scheduler. A run of thousands of tasks is planned only when the try has downstream work or a
   * retry, since each plan reads the whole run; the scheduler closes it on the run event.
   */
  private boolean worthPlanning(Finished f) {
    TaskInstance ti = f.claim().ti();
    boolean small =
        dagBag.get(ti.dagId()).map(d -> d.tasks().size() <= SMALL_RUN_TASKS).orElse(false);
    return small || f.outcome().state() == TaskState.UP_FOR_RETRY || hasDownstream(ti);
  }

  /**
   * Whether any task waits for this one. Without one there is nothing for the mini scheduler to
   * queue, and the scheduler closes the run on the event: planning a run reads all its tasks, which
   * for a run of thousands of tasks would cost more than the task.
   */
  private boolean hasDownstream(TaskInstance ti) {
    Set<String> upstreamOfSomething =
        upstreamTasks.computeIfAbsent(
            ti.dagId(),
            id ->
                dagBag.get(id).stream()
                    .flatMap(d -> d.tasks().stream())
                    .flatMap(t -> t.upstream().stream())
                    .collect(Collectors.toUnmodifiableSet()));
    return upstreamOfSomething.contains(ti.taskId());
  }

  /** Plans runs in parallel: each plan is a few round trips, and runs are independent. */
  private void planAll(Collection<DagRun> toPlan) {
    if (toPlan.size() <= 1) {
      toPlan.forEach(this::planNext);
      return;
    }
    try (ExecutorService planners = Executors.newVirtualThreadPerTaskExecutor()) {
      Semaphore parallel = new Semaphore(PLAN_PARALLELISM);
      for (DagRun run : toPlan) {
        planners.execute(
            () -> {
              parallel.acquireUninterruptibly();
              try {
                planNext(run);
              } catch (RuntimeException e) {
                // The scheduler plans the run on the event anyway.
                LOG.warn("Cannot plan run {} of {}: {}", run.runId(), run.dagId(), e.toString());
              } finally {
                parallel.release();
              }
            });
      }
    }
  }

  private void planNext(DagRun run) {
    Optional<StoredDag> stored = dags.find(run.dagId());
    if (stored.isPresent()) {
      advance.advance(run, stored.get().structure());
    }
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  private static String stackTrace(Throwable e) {
    StringWriter out = new StringWriter();
    e.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  record Outcome(TaskState state, Instant nextTryAt) {}
}

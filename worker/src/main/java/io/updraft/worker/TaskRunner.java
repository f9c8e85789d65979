package io.updraft.worker;

import io.updraft.core.dag.BranchOperator;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagBag;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.ShortCircuitOperator;
import io.updraft.core.dag.Task;
import io.updraft.core.dag.TaskNode;
import io.updraft.core.json.Json;
import io.updraft.core.plan.AdvanceRun;
import io.updraft.core.plan.BranchSkips;
import io.updraft.core.queue.RunEvents;
import io.updraft.core.queue.TaskMessage;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.DagStore;
import io.updraft.core.run.RunStore;
import io.updraft.core.run.StoredDag;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.run.TaskLogStore;
import io.updraft.core.run.XComStore;
import io.updraft.core.state.TaskState;
import io.updraft.core.template.TemplateRenderer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one try of one task instance: claims it with a fenced update, runs its operator, records the
 * outcome with the same fence, then plans the run again so that downstream tasks are queued at once
 * (Airflow's "mini scheduler") instead of waiting for the scheduler.
 */
public final class TaskRunner {
  private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);

  private final String workerName;
  private final DagBag dagBag;
  private final RunStore runs;
  private final DagStore dags;
  private final XComStore xcoms;
  private final TaskLogStore logs;
  private final AdvanceRun advance;
  private final RunEvents events;
  private final Clock clock;
  private final TemplateRenderer renderer = new TemplateRenderer();
  private final Map<Dag, Versioned> structures = new ConcurrentHashMap<>();

  public TaskRunner(
      String workerName,
      DagBag dagBag,
      RunStore runs,
      DagStore dags,
      XComStore xcoms,
      TaskLogStore logs,
      AdvanceRun advance,
      RunEvents events,
      Clock clock) {
    this.workerName = workerName;
    this.dagBag = dagBag;
    this.runs = runs;
    this.dags = dags;
    this.xcoms = xcoms;
    this.logs = logs;
    this.advance = advance;
    this.events = events;
    this.clock = clock;
  }

  /** Runs the message's try; returns false when the message was stale and nothing ran. */
  public boolean run(TaskMessage message) {
    Optional<TaskInstance> found = runs.findTaskInstance(message.taskInstanceId());
    if (found.isEmpty()) {
      LOG.debug("Dropping message for task instance {}: it no longer exists", message);
      return false;
    }
    TaskInstance ti = found.get();
    TaskChange claim =
        new TaskChange(
            ti.id(),
            message.tryNumber(),
            TaskState.QUEUED,
            TaskState.RUNNING,
            clock.instant(),
            false,
            null,
            workerName);
    if (!runs.apply(claim)) {
      // Another worker took this try, or it was cleared or already done: the row is the truth.
      LOG.debug("Dropping stale message {}", message);
      return false;
    }
    DagRun run = runs.findRun(ti.dagRunId()).orElseThrow();
    BufferedTaskLog taskLog = new BufferedTaskLog(logs, ti.id(), message.tryNumber());
    taskLog.info(
        "Running "
            + ti.dagId()
            + "."
            + ti.taskId()
            + " try "
            + message.tryNumber()
            + "/"
            + ti.maxTries()
            + " of run "
            + run.runId()
            + " on "
            + workerName);
    Outcome outcome = execute(run, ti, message.tryNumber(), taskLog);
    taskLog.flush();
    TaskChange recorded =
        new TaskChange(
            ti.id(),
            message.tryNumber(),
            TaskState.RUNNING,
            outcome.state(),
            clock.instant(),
            false,
            outcome.nextTryAt(),
            null);
    recordAndPlanNext(recorded, run, ti);
    events.publish(run.id());
    return true;
  }

  private Outcome execute(DagRun run, TaskInstance ti, int tryNumber, BufferedTaskLog taskLog) {
    long started = System.nanoTime();
    Task task = null;
    Dag dag = null;
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
          new WorkerTaskContext(run, ti.taskId(), tryNumber, xcoms, renderer, taskLog);
      Object result = task.operator().execute(context);
      if (result != null) {
        xcoms.put(run.id(), ti.taskId(), XComStore.RETURN_VALUE, Json.write(result));
      }
      taskLog.info("Task succeeded in " + millisSince(started) + " ms");
      return new Outcome(TaskState.SUCCESS, null);
    } catch (Exception | LinkageError | AssertionError e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      taskLog.info("Task failed after " + millisSince(started) + " ms: " + stackTrace(e));
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
    }
  }

  /**
   * Records the outcome and, in the same transaction, queues the downstream tasks it made ready
   * (and applies a branch's or short circuit's skips), so the next task is one commit away.
   */
  private void recordAndPlanNext(TaskChange recorded, DagRun run, TaskInstance ti) {
    Optional<DagStructure> found = structureOf(run);
    if (found.isEmpty()) {
      runs.apply(recorded);
      return;
    }
    DagStructure structure = found.get();
    advance.record(
        recorded,
        run,
        structure,
        instances -> skipsAfter(recorded, structure, run, ti.taskId(), instances));
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

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  private static String stackTrace(Throwable e) {
    StringWriter out = new StringWriter();
    e.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  private record Outcome(TaskState state, Instant nextTryAt) {}
}

package io.updraft.core.run;

import io.updraft.core.asset.AssetEvent;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.deadline.DeadlineMiss;
import io.updraft.core.schedule.DataInterval;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Where DAG runs and task instances live. PostgreSQL is the truth; nothing else keeps state. */
public interface RunStore {
  /**
   * Creates a run and one task instance per task of {@code structure} (state none), unless the DAG
   * already has a run for that logical date or run id: then nothing changes and the result is
   * empty. This makes schedules and backfills safe to repeat.
   */
  Optional<DagRun> createRun(NewDagRun run, DagStructure structure);

  /**
   * Creates a run with the task instances of its {@code roots} only and, in the same commit, starts
   * it as {@link #startRuns} would, its roots queued within {@code maxActiveTasks} and their pools,
   * unless its DAG is paused or already has {@code maxActiveRuns} running: then it stays queued,
   * for the scheduler to start. The caller pushes the queued tasks' messages; the other task
   * instances follow ({@link #addMissingTaskInstances}), added by the worker that starts a pushed
   * root, else by the caller: the first task waits for one row, not for all of them. Empty,
   * changing nothing, when the DAG already has a run for that logical date or run id.
   */
  Optional<CreatedRun> createAndStartRun(
      NewDagRun run,
      DagStructure structure,
      int maxActiveRuns,
      int maxActiveTasks,
      List<String> roots);

  /**
   * Creates, in state none, the task instances of {@code structure} that {@code run} lacks: the
   * second commit of {@link #createAndStartRun}, or its repair when the process that made the run
   * stopped before it. Returns whether a task instance the run already had has ended (moved past
   * running) before this commit: then the caller plans the run, for what that task made ready.
   */
  boolean addMissingTaskInstances(DagRun run, DagStructure structure);

  /**
   * {@link #createRun} of many runs, in a few transactions rather than one each: the runs of every
   * DAG on one schedule at its boundary. {@code structures} holds each run's DAG by id. Returns the
   * runs that were new, in the order given.
   */
  default List<DagRun> createRuns(List<NewDagRun> runs, Map<String, DagStructure> structures) {
    List<DagRun> made = new ArrayList<>();
    for (NewDagRun run : runs) {
      createRun(run, structures.get(run.dagId())).ifPresent(made::add);
    }
    return made;
  }

  Optional<DagRun> findRun(long dagRunId);

  /** The runs with these ids that exist, in no particular order. */
  List<DagRun> findRuns(Collection<Long> dagRunIds);

  Optional<DagRun> findRun(String dagId, String runId);

  /** The DAG's run of this logical date, if it has one. */
  Optional<DagRun> findRunAt(String dagId, Instant logicalDate);

  /** The DAG's run with the latest logical date before {@code logicalDate}, if any. */
  Optional<DagRun> runBefore(String dagId, Instant logicalDate);

  /** The DAG's most recent runs, newest logical date first. */
  List<DagRun> listRuns(String dagId, int limit);

  /** The data interval of the DAG's latest scheduled run: where its schedule carries on. */
  Optional<DataInterval> lastScheduledInterval(String dagId);

  /**
   * {@link #listRuns(String, int)} of many DAGs at once, by DAG id (a DAG without runs has an empty
   * list): a page of thousands of DAGs reads them in one query, not one each.
   */
  default Map<String, List<DagRun>> listRuns(Collection<String> dagIds, int limit) {
    Map<String, List<DagRun>> out = new java.util.LinkedHashMap<>();
    dagIds.forEach(id -> out.put(id, listRuns(id, limit)));
    return out;
  }

  /** {@link #lastScheduledInterval} of many DAGs at once; a DAG never scheduled has none. */
  default Map<String, DataInterval> lastScheduledIntervals(Collection<String> dagIds) {
    Map<String, DataInterval> out = new java.util.HashMap<>();
    dagIds.forEach(id -> lastScheduledInterval(id).ifPresent(i -> out.put(id, i)));
    return out;
  }

  /**
   * Starts queued runs, each unless its DAG already has {@code maxActiveRuns} running (serialised
   * per DAG, so two schedulers never exceed the limit together), and queues their root tasks that
   * are still in state none, with the limits {@link #applyAll} applies: all in one transaction and
   * one round trip. Returns what became of the tasks of each run that started, by run id; a run
   * that did not start is not in it. A result counts as waiting the roots that were not in state
   * none (a run cleared and queued again): a planner must look at that run.
   */
  Map<Long, HandedOver> startRuns(List<RunStart> starts, Instant at);

  /** Runs still queued or running, oldest first. */
  List<DagRun> activeRuns();

  /**
   * Records a missed deadline unless it already is; true when this call recorded it, so that one of
   * many schedulers tells the DAG's callback.
   */
  boolean recordDeadlineMiss(DeadlineMiss miss);

  /**
   * Applies the scheduler's own ends of tries ({@code running → failed} or {@code up_for_retry}, a
   * zombie's) and, in the same transaction, asks for each applied one's task callback ({@code
   * onFailure} or {@code onRetry}) with a {@link CallbackRequests#TASK_FAILED_BY_SCHEDULER} request
   * naming {@code reason}; returns the changes that applied.
   */
  List<TaskChange> applyEndsByScheduler(List<TaskChange> changes, String reason);

  /** A recorded miss by its id; empty once its run is deleted. */
  Optional<DeadlineMiss> findDeadlineMiss(long deadlineMissId);

  /** The DAG jar versions ({@link DagRun#codeVersion()}) of runs still queued or running. */
  Set<String> codeVersionsOfActiveRuns();

  /**
   * Moves a run to {@code to} unless it is already in a terminal state; returns whether it moved.
   */
  boolean setRunState(long dagRunId, RunState to, Instant at);

  /**
   * Moves a run to {@code to} whatever its state, as a user marking it (success, failed) or
   * clearing its tasks (queued: the scheduler picks it up again) does.
   */
  void markRun(long dagRunId, RunState to, Instant at);

  /** The run's task instances in the order they were created (the DAG's topological order). */
  List<TaskInstance> taskInstances(long dagRunId);

  /** The task instances of each of these runs, each run's in the order they were created. */
  Map<Long, List<TaskInstance>> taskInstancesOfRuns(Collection<Long> dagRunIds);

  Optional<TaskInstance> findTaskInstance(long taskInstanceId);

  /**
   * Expands a mapped task's single instance (map index -1, state none) into {@code count}
   * instances, map indexes 0 to count - 1, each in state none on its first try. Fenced: returns
   * false, changing nothing, when the instance was expanded or changed meanwhile.
   */
  boolean expand(TaskInstance unexpanded, int count, Instant at);

  /**
   * The return value task {@code taskId} of the run stored, as JSON; empty when it has none. A
   * mapped task's is its instances' values as one list, in map index order (as {@code
   * XComStore.get} gives it), so a task may expand over it.
   */
  Optional<String> returnValue(long dagRunId, String taskId);

  /** How many of the run's task instances are in each state (states with none left out). */
  Map<TaskState, Integer> stateCounts(long dagRunId);

  /**
   * The runs an event asks to plan, each with its DAG's current version and paused flag and its
   * {@link #stateCounts}, in one read: the scheduler makes it for each event it plans on.
   */
  List<RunToPlan> findRunsToPlan(Collection<Long> dagRunIds);

  /**
   * Applies a fenced change and writes its history row, in one transaction; returns false when the
   * fence did not match (someone else changed the row first).
   */
  boolean apply(TaskChange change);

  /**
   * Applies many fenced changes in one transaction; returns those that matched. A change that
   * queues a task takes a slot of its pool and of its DAG's max_active_tasks, heaviest priority
   * weight first; a ready task that finds no room is set to scheduled instead (and its change is
   * not returned), to be queued later by {@link #queueScheduled}.
   */
  List<TaskChange> applyAll(List<TaskChange> changes);

  /**
   * Applies {@code changes} as {@link #applyAll(List)} does and writes {@code logs} (finished
   * tries' last lines) in the same commit, whichever changes matched: a late outcome's log still
   * tells why. A worker records a batch of finished tries this way.
   */
  List<TaskChange> applyAll(List<TaskChange> changes, List<LogLines> logs);

  /**
   * Applies {@code claims} ({@code queued → running} changes naming their worker), each fenced,
   * with its history row, in one statement. Returns the rows claimed, as they are now: a claim
   * whose fence did not match (the try taken by another worker, cleared or done, or a second copy
   * of one message) is not among them.
   */
  List<TaskInstance> claim(List<TaskChange> claims);

  /**
   * Applies {@code first} and {@code then} in one transaction, or nothing when {@code first}'s
   * fence does not match (empty). Each of {@code then} is fenced on its own; the result holds those
   * that matched. A worker records a task's outcome and queues what it made ready this way; {@code
   * logs}, the try's last log lines, are written in the same commit.
   */
  Optional<List<TaskChange>> applyAfter(
      TaskChange first, List<TaskChange> then, List<LogLines> logs);

  /**
   * As {@link #applyAfter(TaskChange, List, List)}, and writes {@code events}, the asset events of
   * the success {@code first} records (its task's outlets), in the same commit: a success and its
   * events are recorded both or neither.
   */
  Optional<List<TaskChange>> applyAfter(
      TaskChange first, List<TaskChange> then, List<LogLines> logs, List<OutletEvent> events);

  /** The asset events that created an asset-triggered run, oldest first; none for another run. */
  List<AssetEvent> triggeringAssetEvents(long dagRunId);

  /**
   * Records a task's success and queues the downstream tasks it made ready, claiming one for the
   * hand-over's worker, in one transaction and one round trip, with the limits {@link #applyAll}
   * applies. Empty, and nothing changed, when the outcome's fence did not match.
   */
  Optional<HandedOver> handOver(HandOver handOver);

  /**
   * Queues up to {@code limit} of the tasks waiting as scheduled (ready, but their pool or DAG had
   * no room), heaviest priority weight first, as far as the limits allow now. Rows another
   * scheduler is claiming are skipped. Returns the changes that applied.
   */
  List<TaskChange> queueScheduled(int limit, Instant at);

  /** Task instances queued before {@code before}: their messages may have been lost. */
  List<TaskInstance> queuedBefore(Instant before, int limit);

  /**
   * Marks that {@code worker} still runs these task instances; rows no longer running on that
   * worker are left alone.
   */
  void heartbeat(String worker, List<Long> taskInstanceIds, Instant at);

  /** Task instances running whose last heartbeat is older than {@code before}: zombies. */
  List<TaskInstance> runningHeartbeatBefore(Instant before, int limit);

  /**
   * The reschedules of one try, oldest first: each is written with the fenced change to
   * up_for_reschedule. The first one's start is when the try first started.
   */
  List<TaskReschedule> reschedules(long taskInstanceId, int tryNumber);
}

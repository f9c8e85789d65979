package io.updraft.core.dag;

import io.updraft.core.deadline.Deadline;
import io.updraft.core.deadline.DeadlineMissCallback;
import io.updraft.core.state.RunState;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A workflow: tasks and their dependencies, a schedule and the settings that apply to every task.
 * Built with {@link #builder(String)} and checked when built, so a DAG that exists is valid.
 *
 * <pre>{@code
 * Dag.builder("example_hello")
 *     .description("Says hello")
 *     .schedule("@daily")
 *     .startDate(LocalDate.of(2026, 1, 1))
 *     .task(Task.java("greet", ctx -> "hello"))
 *     .task(Task.bash("echo", "echo \"$RUN_ID\"").env("RUN_ID", "{{ run_id }}").after("greet"))
 *     .build();
 * }</pre>
 */
public final class Dag {
  private final String id;
  private final String description;
  private final Schedule schedule;
  private final ZoneId timezone;
  private final Instant startDate;
  private final boolean catchup;
  private final int defaultRetries;
  private final Duration defaultRetryDelay;
  private final Instant endDate;
  private final int maxActiveRuns;
  private final int maxActiveTasks;
  private final Duration runTimeout;
  private final Map<String, Param> params;
  private final List<String> tags;
  private final List<String> owners;
  private final Map<String, Task> tasks;
  // Asked for on every task a worker records: copied once, not per call.
  private final List<Task> taskList;
  private final DagStructure structure;
  private final Boolean pausedOnCreation;
  private final Deadline deadline;
  private final DeadlineMissCallback onDeadlineMiss;
  private final TaskCallbacks defaultCallbacks;
  private final Map<RunState, RunCallback> runCallbacks;

  Dag(DagBuilder b, Schedule schedule, ZoneId timezone, Map<String, Task> orderedTasks) {
    this.id = b.id;
    this.description = b.description;
    this.schedule = schedule;
    this.timezone = timezone;
    this.endDate = b.endDate;
    this.maxActiveRuns = b.maxActiveRuns;
    this.maxActiveTasks = b.maxActiveTasks;
    this.runTimeout = b.runTimeout;
    this.params = Map.copyOf(b.params);
    this.startDate = b.startDate;
    this.catchup = b.catchup;
    this.defaultRetries = b.defaultRetries;
    this.defaultRetryDelay = b.defaultRetryDelay;
    this.tags = List.copyOf(b.tags);
    this.owners = List.copyOf(b.owners);
    this.tasks = orderedTasks;
    this.taskList = List.copyOf(orderedTasks.values());
    this.pausedOnCreation = b.pausedOnCreation;
    this.deadline = b.deadline;
    this.onDeadlineMiss = b.onDeadlineMiss;
    this.defaultCallbacks = b.defaultCallbacks;
    this.runCallbacks = Map.copyOf(b.runCallbacks);
    this.structure = buildStructure();
  }

  public static Builder builder(String dagId) {
    return new Builder(dagId);
  }

  public String id() {
    return id;
  }

  public String description() {
    return description;
  }

  public Schedule schedule() {
    return schedule;
  }

  public ZoneId timezone() {
    return timezone;
  }

  public Instant startDate() {
    return startDate;
  }

  public boolean catchup() {
    return catchup;
  }

  /**
   * Whether the DAG starts paused when it is first registered, if the DAG says; empty leaves it to
   * {@code dags.paused_on_creation}. Not part of the structure: it matters once, on creation.
   */
  public Optional<Boolean> pausedOnCreation() {
    return Optional.ofNullable(pausedOnCreation);
  }

  /** When each run should be done by, if the DAG says. */
  public Optional<Deadline> deadline() {
    return Optional.ofNullable(deadline);
  }

  /**
   * Told of each deadline the DAG's runs and tasks miss (null: none, the miss is only recorded).
   */
  public DeadlineMissCallback onDeadlineMiss() {
    return onDeadlineMiss;
  }

  public Instant endDate() {
    return endDate;
  }

  /** Tasks in a topological order: every task after all of its upstream tasks. */
  public List<Task> tasks() {
    return taskList;
  }

  public Optional<Task> task(String taskId) {
    return Optional.ofNullable(tasks.get(taskId));
  }

  /** Retries of a task: its own setting, or the DAG's default. */
  public int retriesOf(Task task) {
    return task.retries() != null ? task.retries() : defaultRetries;
  }

  public Duration retryDelayOf(Task task) {
    return task.retryDelay() != null ? task.retryDelay() : defaultRetryDelay;
  }

  /** The callback of a run that finished in {@code state}, if the DAG has one. */
  public Optional<RunCallback> runCallbackFor(RunState state) {
    return Optional.ofNullable(runCallbacks.get(state));
  }

  /** A task's callbacks: each its own, or the DAG's default. */
  public TaskCallbacks callbacksOf(Task task) {
    return task.callbacks().orElse(defaultCallbacks);
  }

  /** How a task's failed tries are retried: its settings over the DAG's defaults. */
  public RetryPolicy retryPolicyOf(Task task) {
    return new RetryPolicy(
        retriesOf(task),
        retryDelayOf(task),
        task.exponentialBackoff(),
        task.maxRetryDelay(),
        task.retryJitter());
  }

  /** The DAG without its code, as the scheduler stores it. */
  public DagStructure structure() {
    return structure;
  }

  private DagStructure buildStructure() {
    List<TaskNode> nodes = new ArrayList<>();
    Map<String, Integer> weights = PriorityWeights.of(List.copyOf(tasks.values()));
    for (Task t : tasks.values()) {
      nodes.add(
          new TaskNode(
              t.id(),
              t.operator().kind(),
              t.upstream().stream().sorted().toList(),
              retriesOf(t),
              retryDelayOf(t).toSeconds(),
              t.queue(),
              t.pool(),
              weights.get(t.id()),
              t.operator().describe(),
              t.triggerRule(),
              t.weightRule(),
              t.executionTimeout() == null ? null : t.executionTimeout().toSeconds(),
              t.mapping(),
              t.maxActiveTisPerDag(),
              t.role(),
              t.doc(),
              t.group(),
              t.pastDependency(),
              t.outlets()));
    }
    return new DagStructure(
        id,
        description,
        schedule.expression(),
        timezone.getId(),
        startDate,
        catchup,
        tags,
        nodes,
        endDate,
        maxActiveRuns,
        maxActiveTasks,
        runTimeout == null ? null : runTimeout.toSeconds(),
        new TreeMap<>(params),
        schedule.assets(),
        owners);
  }

  /** Collects a DAG's settings and tasks; {@link #build()} validates them. */
  public static final class Builder extends DagBuilder {
    private Builder(String id) {
      super(id);
    }
  }
}

package io.updraft.core.dag;

import io.updraft.core.deadline.Deadline;
import io.updraft.core.deadline.DeadlineMissCallback;
import io.updraft.core.state.RunState;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

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

  private Dag(Builder b, Schedule schedule, ZoneId timezone, Map<String, Task> orderedTasks) {
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
  public static final class Builder {
    private final String id;
    private String description = "";
    private Schedule schedule = Schedule.none();
    private String scheduleText;
    private ZoneId timezone = ZoneId.of("UTC");
    private String timezoneText;
    private Instant startDate;
    private Instant endDate;
    private int maxActiveRuns = DagStructure.DEFAULT_MAX_ACTIVE_RUNS;
    private int maxActiveTasks = DagStructure.DEFAULT_MAX_ACTIVE_TASKS;
    private Duration runTimeout;
    private final Map<String, Param> params = new LinkedHashMap<>();
    private boolean catchup = false;
    private Boolean pausedOnCreation;
    private Deadline deadline;
    private DeadlineMissCallback onDeadlineMiss;
    private int defaultRetries = 0;
    private Duration defaultRetryDelay = Duration.ofMinutes(5);
    private TaskCallbacks defaultCallbacks = TaskCallbacks.NONE;
    private String isolatedJavaTasksHeap;
    private final Map<RunState, RunCallback> runCallbacks = new java.util.EnumMap<>(RunState.class);
    private final List<String> tags = new ArrayList<>();
    private final List<String> owners = new ArrayList<>();
    private final List<Task> tasks = new ArrayList<>();
    // Each group's last tasks, by the group's full id: a dependency on a group is one on these.
    private final Map<String, Set<String>> groupLeaves = new LinkedHashMap<>();

    private Builder(String id) {
      this.id = id;
    }

    public Builder description(String text) {
      this.description = text == null ? "" : text;
      return this;
    }

    /**
     * A preset ({@code @daily}, {@code @once}), a 5-field cron expression, an ISO-8601 interval
     * ({@code PT30M}) or {@code "none"}; checked when the DAG is built.
     */
    public Builder schedule(String expression) {
      this.scheduleText = expression;
      return this;
    }

    public Builder schedule(Schedule value) {
      this.schedule = value;
      this.scheduleText = null;
      return this;
    }

    /** A run every {@code interval}, counted from the start date. */
    public Builder schedule(Duration interval) {
      return schedule(Schedule.every(interval));
    }

    /** The time zone the cron expression is read in; UTC by default. */
    public Builder timezone(ZoneId zone) {
      this.timezone = zone;
      this.timezoneText = null;
      return this;
    }

    /** A time zone by its IANA name ({@code Europe/Berlin}); checked when the DAG is built. */
    public Builder timezone(String zoneName) {
      this.timezoneText = zoneName;
      try {
        this.timezone = ZoneId.of(zoneName);
      } catch (RuntimeException e) {
        // Reported by build(), which names the DAG.
      }
      return this;
    }

    /** No scheduled run starts after this. */
    public Builder endDate(Instant instant) {
      this.endDate = instant;
      return this;
    }

    /** At most this many runs of the DAG run at once (16 by default); more wait queued. */
    public Builder maxActiveRuns(int count) {
      this.maxActiveRuns = count;
      return this;
    }

    /** At most this many of the DAG's tasks are queued or running at once (16 by default). */
    public Builder maxActiveTasks(int count) {
      this.maxActiveTasks = count;
      return this;
    }

    /** A run still going after this long fails, and its unfinished tasks are skipped. */
    public Builder runTimeout(Duration timeout) {
      this.runTimeout = timeout;
      return this;
    }

    /** A declared parameter of the run's conf, with its default and type. */
    public Builder param(String name, Param param) {
      this.params.put(name, param);
      return this;
    }

    /** A declared parameter with a default; the default's type is the one accepted. */
    public Builder param(String name, Object defaultValue) {
      return param(name, Param.of(defaultValue));
    }

    public Builder startDate(Instant instant) {
      this.startDate = instant;
      return this;
    }

    /** Midnight of that day in the DAG's time zone. */
    public Builder startDate(LocalDate date) {
      this.startDate = date.atStartOfDay(timezone).toInstant();
      return this;
    }

    /**
     * Whether the DAG starts paused when it first appears, overriding {@code
     * dags.paused_on_creation} (Airflow's {@code is_paused_upon_creation}); not after that.
     */
    public Builder pausedOnCreation(boolean value) {
      this.pausedOnCreation = value;
      return this;
    }

    /**
     * When each run should be done by (Airflow's {@code DeadlineAlert}): a run not done then is a
     * miss, recorded once (API, run page) and told to {@link #onDeadlineMiss}; the run goes on.
     */
    public Builder deadline(Deadline value) {
      this.deadline = value;
      return this;
    }

    /** Told once of each deadline a run or task of this DAG misses, by the scheduler. */
    public Builder onDeadlineMiss(DeadlineMissCallback callback) {
      this.onDeadlineMiss = callback;
      return this;
    }

    /** Whether the scheduler creates the runs of intervals missed since the start date. */
    public Builder catchup(boolean value) {
      this.catchup = value;
      return this;
    }

    public Builder defaultRetries(int count) {
      this.defaultRetries = count;
      return this;
    }

    public Builder defaultRetryDelay(Duration delay) {
      this.defaultRetryDelay = delay;
      return this;
    }

    /**
     * Callbacks of every task that sets none of its own for the same point (Airflow's callbacks in
     * {@code default_args}), e.g. {@code TaskCallbacks.NONE.withOnFailure(ctx -> alert(ctx))}.
     */
    public Builder defaultCallbacks(TaskCallbacks callbacks) {
      this.defaultCallbacks = callbacks == null ? TaskCallbacks.NONE : callbacks;
      return this;
    }

    /**
     * Runs every Java task of this DAG isolated ({@link Task#isolated()}), each try in a JVM of its
     * own, except the tasks that say {@code isolated(false)}; a task's own {@code
     * isolated(maxHeap)} keeps its heap.
     */
    public Builder isolatedJavaTasks() {
      return isolatedJavaTasks(Task.DEFAULT_ISOLATED_HEAP);
    }

    /** As {@link #isolatedJavaTasks()}, with the children's {@code -Xmx} ({@code "1g"}). */
    public Builder isolatedJavaTasks(String maxHeap) {
      this.isolatedJavaTasksHeap = JavaTaskIsolation.checkedHeap(maxHeap);
      return this;
    }

    /**
     * Runs {@code callback} in the scheduler once a run of this DAG succeeded (Airflow's DAG {@code
     * on_success_callback}), after its state is committed; see {@link RunCallback}.
     */
    public Builder onRunSuccess(RunCallback callback) {
      this.runCallbacks.put(RunState.SUCCESS, callback);
      return this;
    }

    /**
     * Runs {@code callback} in the scheduler once a run of this DAG failed (Airflow's DAG {@code
     * on_failure_callback}), with the failed tasks' ids; see {@link RunCallback}.
     */
    public Builder onRunFailure(RunCallback callback) {
      this.runCallbacks.put(RunState.FAILED, callback);
      return this;
    }

    public Builder tags(String... values) {
      this.tags.addAll(List.of(values));
      return this;
    }

    /** Who answers for the DAG (Airflow's {@code owner}): shown on the DAGs page, filtered by. */
    public Builder owners(String... names) {
      this.owners.addAll(List.of(names));
      return this;
    }

    public Builder task(Task task) {
      this.tasks.add(task);
      return this;
    }

    /**
     * A group of tasks ({@link TaskGroup}): its tasks join the DAG under their full ids, and a
     * task's {@code after("group")} waits for the group's last tasks.
     */
    public Builder group(TaskGroup group) {
      this.tasks.addAll(group.flatten("", UnaryOperator.identity(), groupLeaves));
      return this;
    }

    /** Makes each task run after the one before it: {@code chain("a", "b", "c")} is a → b → c. */
    public Builder chain(String... taskIds) {
      for (int i = 1; i < taskIds.length; i++) {
        String upstreamId = taskIds[i - 1];
        String downstreamId = taskIds[i];
        int index = indexOf(downstreamId);
        if (index < 0) {
          throw new DagValidationException(
              id, List.of("chain(...) names task '" + downstreamId + "', which was not added yet"));
        }
        tasks.set(index, tasks.get(index).after(upstreamId));
      }
      return this;
    }

    private int indexOf(String taskId) {
      for (int i = 0; i < tasks.size(); i++) {
        if (tasks.get(i).id().equals(taskId)) {
          return i;
        }
      }
      return -1;
    }

    /** Validates and builds; every problem found is listed in one exception. */
    public Dag build() {
      Map<String, Task> byId = new LinkedHashMap<>();
      List<String> problems = new ArrayList<>(DagValidator.checkSettings(this.id, defaultRetries));
      Schedule parsed = schedule;
      if (scheduleText != null) {
        try {
          parsed = Schedule.parse(scheduleText);
        } catch (IllegalArgumentException e) {
          problems.add("schedule: " + e.getMessage());
        }
      }
      ZoneId zone = timezone;
      if (timezoneText != null) {
        try {
          zone = ZoneId.of(timezoneText);
        } catch (RuntimeException e) {
          problems.add(
              "unknown time zone '"
                  + timezoneText
                  + "': expected an IANA name such as 'Europe/Berlin' or 'UTC'");
        }
      }
      if (maxActiveRuns < 1 || maxActiveTasks < 1) {
        problems.add(
            "max active runs and tasks must be >= 1, got "
                + maxActiveRuns
                + " and "
                + maxActiveTasks);
      }
      if (endDate != null && startDate != null && endDate.isBefore(startDate)) {
        problems.add("the end date " + endDate + " is before the start date " + startDate);
      }
      for (Task given : TaskGroup.dependenciesOnGroupsResolved(tasks, groupLeaves)) {
        Task t = JavaTaskIsolation.byDagDefault(given, isolatedJavaTasksHeap);
        if (byId.putIfAbsent(t.id(), t) != null) {
          problems.add("task id '" + t.id() + "' is used more than once");
        }
        if (groupLeaves.containsKey(t.id())) {
          problems.add("'" + t.id() + "' is the id of a task and of a task group");
        }
      }
      problems.addAll(DagValidator.unknownUpstream(byId));
      problems.addAll(DagValidator.setupTeardownRules(byId));
      if (problems.isEmpty()) {
        DagValidator.findCycle(byId)
            .ifPresent(path -> problems.add("cycle: " + String.join(" -> ", path)));
      }
      if (!problems.isEmpty()) {
        throw new DagValidationException(id, problems);
      }
      return new Dag(this, parsed, zone, DagValidator.topologicalOrder(byId));
    }
  }
}

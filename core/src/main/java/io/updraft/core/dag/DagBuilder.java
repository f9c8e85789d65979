package io.updraft.core.dag;

import io.updraft.core.deadline.Deadline;
import io.updraft.core.deadline.DeadlineMissCallback;
import io.updraft.core.state.RunState;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The body of {@link Dag.Builder}: collects a DAG's settings and tasks; {@link #build()} validates
 * them. It lives apart from {@link Dag} to keep each file to one concept; its methods return {@code
 * Dag.Builder}, its only subclass, so that DAG code naming that type compiles as before.
 */
abstract sealed class DagBuilder permits Dag.Builder {
  final String id;
  String description = "";
  Schedule schedule = Schedule.none();
  String scheduleText;
  ZoneId timezone = ZoneId.of("UTC");
  String timezoneText;
  Instant startDate;
  Instant endDate;
  int maxActiveRuns = DagStructure.DEFAULT_MAX_ACTIVE_RUNS;
  int maxActiveTasks = DagStructure.DEFAULT_MAX_ACTIVE_TASKS;
  Duration runTimeout;
  final Map<String, Param> params = new LinkedHashMap<>();
  boolean catchup = false;
  Boolean pausedOnCreation;
  Deadline deadline;
  DeadlineMissCallback onDeadlineMiss;
  int defaultRetries = 0;
  Duration defaultRetryDelay = Duration.ofMinutes(5);
  TaskCallbacks defaultCallbacks = TaskCallbacks.NONE;
  String isolatedJavaTasksHeap;
  final Map<RunState, RunCallback> runCallbacks = new EnumMap<>(RunState.class);
  final List<String> tags = new ArrayList<>();
  final List<String> owners = new ArrayList<>();
  final List<Task> tasks = new ArrayList<>();
  // Each group's last tasks, by the group's full id: a dependency on a group is one on these.
  final Map<String, Set<String>> groupLeaves = new LinkedHashMap<>();

  DagBuilder(String id) {
    this.id = id;
  }

  public Dag.Builder description(String text) {
    this.description = text == null ? "" : text;
    return self();
  }

  /**
   * A preset ({@code @daily}, {@code @once}), a 5-field cron expression, an ISO-8601 interval
   * ({@code PT30M}) or {@code "none"}; checked when the DAG is built.
   */
  public Dag.Builder schedule(String expression) {
    this.scheduleText = expression;
    return self();
  }

  public Dag.Builder schedule(Schedule value) {
    this.schedule = value;
    this.scheduleText = null;
    return self();
  }

  /** A run every {@code interval}, counted from the start date. */
  public Dag.Builder schedule(Duration interval) {
    return schedule(Schedule.every(interval));
  }

  /** The time zone the cron expression is read in; UTC by default. */
  public Dag.Builder timezone(ZoneId zone) {
    this.timezone = zone;
    this.timezoneText = null;
    return self();
  }

  /** A time zone by its IANA name ({@code Europe/Berlin}); checked when the DAG is built. */
  public Dag.Builder timezone(String zoneName) {
    this.timezoneText = zoneName;
    try {
      this.timezone = ZoneId.of(zoneName);
    } catch (RuntimeException e) {
      // Reported by build(), which names the DAG.
    }
    return self();
  }

  /** No scheduled run starts after this. */
  public Dag.Builder endDate(Instant instant) {
    this.endDate = instant;
    return self();
  }

  /** At most this many runs of the DAG run at once (16 by default); more wait queued. */
  public Dag.Builder maxActiveRuns(int count) {
    this.maxActiveRuns = count;
    return self();
  }

  /** At most this many of the DAG's tasks are queued or running at once (16 by default). */
  public Dag.Builder maxActiveTasks(int count) {
    this.maxActiveTasks = count;
    return self();
  }

  /** A run still going after this long fails, and its unfinished tasks are skipped. */
  public Dag.Builder runTimeout(Duration timeout) {
    this.runTimeout = timeout;
    return self();
  }

  /** A declared parameter of the run's conf, with its default and type. */
  public Dag.Builder param(String name, Param param) {
    this.params.put(name, param);
    return self();
  }

  /** A declared parameter with a default; the default's type is the one accepted. */
  public Dag.Builder param(String name, Object defaultValue) {
    return param(name, Param.of(defaultValue));
  }

  public Dag.Builder startDate(Instant instant) {
    this.startDate = instant;
    return self();
  }

  /** Midnight of that day in the DAG's time zone. */
  public Dag.Builder startDate(LocalDate date) {
    this.startDate = date.atStartOfDay(timezone).toInstant();
    return self();
  }

  /**
   * Whether the DAG starts paused when it first appears, overriding {@code dags.paused_on_creation}
   * (Airflow's {@code is_paused_upon_creation}); not after that.
   */
  public Dag.Builder pausedOnCreation(boolean value) {
    this.pausedOnCreation = value;
    return self();
  }

  /**
   * When each run should be done by (Airflow's {@code DeadlineAlert}): a run not done then is a
   * miss, recorded once (API, run page) and told to {@link #onDeadlineMiss}; the run goes on.
   */
  public Dag.Builder deadline(Deadline value) {
    this.deadline = value;
    return self();
  }

  /** Told once of each deadline a run or task of this DAG misses, by the scheduler. */
  public Dag.Builder onDeadlineMiss(DeadlineMissCallback callback) {
    this.onDeadlineMiss = callback;
    return self();
  }

  /** Whether the scheduler creates the runs of intervals missed since the start date. */
  public Dag.Builder catchup(boolean value) {
    this.catchup = value;
    return self();
  }

  public Dag.Builder defaultRetries(int count) {
    this.defaultRetries = count;
    return self();
  }

  public Dag.Builder defaultRetryDelay(Duration delay) {
    this.defaultRetryDelay = delay;
    return self();
  }

  /**
   * Callbacks of every task that sets none of its own for the same point (Airflow's callbacks in
   * {@code default_args}), e.g. {@code TaskCallbacks.NONE.withOnFailure(ctx -> alert(ctx))}.
   */
  public Dag.Builder defaultCallbacks(TaskCallbacks callbacks) {
    this.defaultCallbacks = callbacks == null ? TaskCallbacks.NONE : callbacks;
    return self();
  }

  /**
   * Runs every Java task of this DAG isolated ({@link Task#isolated()}), each try in a JVM of its
   * own, except the tasks that say {@code isolated(false)}; a task's own {@code isolated(maxHeap)}
   * keeps its heap.
   */
  public Dag.Builder isolatedJavaTasks() {
    return isolatedJavaTasks(Task.DEFAULT_ISOLATED_HEAP);
  }

  /** As {@link #isolatedJavaTasks()}, with the children's {@code -Xmx} ({@code "1g"}). */
  public Dag.Builder isolatedJavaTasks(String maxHeap) {
    this.isolatedJavaTasksHeap = JavaTaskIsolation.checkedHeap(maxHeap);
    return self();
  }

  /**
   * Runs {@code callback} in the scheduler once a run of this DAG succeeded (Airflow's DAG {@code
   * on_success_callback}), after its state is committed; see {@link RunCallback}.
   */
  public Dag.Builder onRunSuccess(RunCallback callback) {
    this.runCallbacks.put(RunState.SUCCESS, callback);
    return self();
  }

  /**
   * Runs {@code callback} in the scheduler once a run of this DAG failed (Airflow's DAG {@code
   * on_failure_callback}), with the failed tasks' ids; see {@link RunCallback}.
   */
  public Dag.Builder onRunFailure(RunCallback callback) {
    this.runCallbacks.put(RunState.FAILED, callback);
    return self();
  }

  public Dag.Builder tags(String... values) {
    this.tags.addAll(List.of(values));
    return self();
  }

  /** Who answers for the DAG (Airflow's {@code owner}): shown on the DAGs page, filtered by. */
  public Dag.Builder owners(String... names) {
    this.owners.addAll(List.of(names));
    return self();
  }

  public Dag.Builder task(Task task) {
    this.tasks.add(task);
    return self();
  }

  /**
   * A group of tasks ({@link TaskGroup}): its tasks join the DAG under their full ids, and a task's
   * {@code after("group")} waits for the group's last tasks.
   */
  public Dag.Builder group(TaskGroup group) {
    this.tasks.addAll(group.flatten("", UnaryOperator.identity(), groupLeaves));
    return self();
  }

  /** Makes each task run after the one before it: {@code chain("a", "b", "c")} is a → b → c. */
  public Dag.Builder chain(String... taskIds) {
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
    return self();
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

  private Dag.Builder self() {
    return (Dag.Builder) this;
  }
}

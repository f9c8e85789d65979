package io.updraft.core.dag;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
 *     .task(Task.bash("echo", "echo {{ run_id }}").after("greet"))
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
  private final List<String> tags;
  private final Map<String, Task> tasks;
  private final DagStructure structure;

  private Dag(Builder b, Map<String, Task> orderedTasks) {
    this.id = b.id;
    this.description = b.description;
    this.schedule = b.schedule;
    this.timezone = b.timezone;
    this.startDate = b.startDate;
    this.catchup = b.catchup;
    this.defaultRetries = b.defaultRetries;
    this.defaultRetryDelay = b.defaultRetryDelay;
    this.tags = List.copyOf(b.tags);
    this.tasks = orderedTasks;
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

  /** Tasks in a topological order: every task after all of its upstream tasks. */
  public List<Task> tasks() {
    return List.copyOf(tasks.values());
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
              t.weightRule()));
    }
    return new DagStructure(
        id, description, schedule.expression(), timezone.getId(), startDate, catchup, tags, nodes);
  }

  /** Collects a DAG's settings and tasks; {@link #build()} validates them. */
  public static final class Builder {
    private final String id;
    private String description = "";
    private Schedule schedule = Schedule.none();
    private ZoneId timezone = ZoneId.of("UTC");
    private Instant startDate;
    private boolean catchup = false;
    private int defaultRetries = 0;
    private Duration defaultRetryDelay = Duration.ofMinutes(5);
    private final List<String> tags = new ArrayList<>();
    private final List<Task> tasks = new ArrayList<>();

    private Builder(String id) {
      this.id = id;
    }

    public Builder description(String text) {
      this.description = text == null ? "" : text;
      return this;
    }

    /** A preset ({@code @daily}), a 5-field cron expression, or {@code "none"}. */
    public Builder schedule(String expression) {
      this.schedule = Schedule.parse(expression);
      return this;
    }

    public Builder schedule(Schedule value) {
      this.schedule = value;
      return this;
    }

    /** The time zone the cron expression is read in; UTC by default. */
    public Builder timezone(ZoneId zone) {
      this.timezone = zone;
      return this;
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

    public Builder tags(String... values) {
      this.tags.addAll(List.of(values));
      return this;
    }

    public Builder task(Task task) {
      this.tasks.add(task);
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
      for (Task t : tasks) {
        if (byId.putIfAbsent(t.id(), t) != null) {
          problems.add("task id '" + t.id() + "' is used more than once");
        }
      }
      problems.addAll(DagValidator.unknownUpstream(byId));
      if (problems.isEmpty()) {
        DagValidator.findCycle(byId)
            .ifPresent(path -> problems.add("cycle: " + String.join(" -> ", path)));
      }
      if (!problems.isEmpty()) {
        throw new DagValidationException(id, problems);
      }
      return new Dag(this, DagValidator.topologicalOrder(byId));
    }
  }
}

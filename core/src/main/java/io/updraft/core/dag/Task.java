package io.updraft.core.dag;

import io.updraft.core.deadline.Deadline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One node of a DAG: an id, what it does (its {@link Operator}) and which tasks must finish before
 * it runs, and how ({@link TriggerRule}). Immutable; the {@code with...}/{@code after} methods
 * return changed copies.
 *
 * <pre>{@code
 * Task.java("extract", ctx -> fetchRows())
 * Task.bash("load", "psql -c 'select 1'").after("extract").retries(3)
 * Task.bash("cleanup", "rm -rf /tmp/x").after("load").triggerRule(TriggerRule.ALL_DONE)
 * Task.bash("greet", "echo \"hello $WHO\"").env("WHO", "{{ conf.who }}")
 * }</pre>
 *
 * @param exponentialBackoff double the retry delay after each failed try
 * @param maxRetryDelay the longest wait between tries (null: a day)
 * @param retryJitter shorten each retry delay by up to this fraction at random (0 to 1)
 * @param executionTimeout fail a try that runs longer than this (null: no limit)
 * @param mapping one task instance per value of a list or of an upstream task's return value (null:
 *     one instance), see {@link #expand} and {@link #expandOver}
 * @param maxActiveTisPerDag the most instances of this task queued or running at once over all the
 *     DAG's runs (null: no limit of its own)
 * @param role setup or teardown (null: an ordinary task), see {@link #asSetup} and {@link
 *     #asTeardown}
 * @param doc what the task is for, shown on its page in the UI (null: nothing)
 * @param group the full id of the innermost {@link TaskGroup} the task is in (null: none), which
 *     the UI folds
 * @param deadline when the task should be done by in each run (null: no deadline), see {@link
 *     #deadline(Deadline)}
 * @param pastDependency what the task waits for in the DAG's previous run (null: nothing), see
 *     {@link #dependsOnPast()} and {@link #waitForDownstream()}
 * @param outlets the assets a success of this task updates, see {@link #outlets(Asset...)}
 * @param callbacks code run before the operator and once the try's outcome is recorded, see {@link
 *     #onSuccess}
 */
public record Task(
    String id,
    Operator operator,
    Set<String> upstream,
    Integer retries,
    Duration retryDelay,
    String queue,
    String pool,
    int priorityWeight,
    TriggerRule triggerRule,
    WeightRule weightRule,
    boolean exponentialBackoff,
    Duration maxRetryDelay,
    double retryJitter,
    Duration executionTimeout,
    TaskMapping mapping,
    Integer maxActiveTisPerDag,
    TaskRole role,
    String doc,
    String group,
    Deadline deadline,
    PastDependency pastDependency,
    List<Asset> outlets,
    TaskCallbacks callbacks) {

  static final String DEFAULT_ISOLATED_HEAP = "512m";

  public Task {
    TaskValidator.check(
        id, operator, retries, retryJitter, executionTimeout, maxActiveTisPerDag, doc);
    upstream = Set.copyOf(new LinkedHashSet<>(upstream == null ? Set.of() : upstream));
    outlets = outlets == null ? List.of() : List.copyOf(new LinkedHashSet<>(outlets));
    queue = queue == null ? "default" : queue;
    pool = pool == null ? "default_pool" : pool;
    triggerRule = triggerRule == null ? TriggerRule.ALL_SUCCESS : triggerRule;
    weightRule = weightRule == null ? WeightRule.DOWNSTREAM : weightRule;
    callbacks = callbacks == null ? TaskCallbacks.NONE : callbacks;
  }

  /** A task that runs a Java lambda; its return value becomes the task's XCom. */
  public static Task java(String id, TaskCallable callable) {
    return of(id, new JavaOperator(callable));
  }

  /**
   * A task that runs a templated {@code bash -c} command. The rendered command is shell code: pass
   * values that come from outside the DAG (conf, run id, XCom, variables) through {@link #env}.
   */
  public static Task bash(String id, String command) {
    return of(id, new BashOperator(command, Map.of()));
  }

  /**
   * A branch: the callable returns the id (a {@code String}) or ids (a {@code Collection}) of the
   * directly downstream tasks to follow; the other directly downstream tasks are skipped, and the
   * skip spreads through their trigger rules, as with Airflow's {@code BranchPythonOperator}.
   */
  public static Task branch(String id, TaskCallable chooser) {
    return of(id, new BranchOperator(chooser));
  }

  /**
   * A short circuit: when the callable returns false (or null), every task downstream of this one
   * is skipped, whatever its trigger rule, as with Airflow's {@code ShortCircuitOperator}.
   */
  public static Task shortCircuit(String id, TaskCallable condition) {
    return of(id, new ShortCircuitOperator(condition));
  }

  /**
   * Airflow's {@code LatestOnlyOperator}: a short circuit that lets what follows run only in the
   * latest scheduled run (now between its data interval's end and the next one's), so catch-up and
   * backfill runs of older intervals skip it; manual runs always go on.
   */
  public static Task latestOnly(String id) {
    return shortCircuit(id, LatestOnly::isLatest);
  }

  /** A task with any operator. */
  public static Task of(String id, Operator operator) {
    return new Task(
        id, operator, Set.of(), null, null, null, null, 1, null, null, false, null, 0, null, null,
        null, null, null, null, null, null, List.of(), null);
  }

  /** This task runs after the given tasks, as its trigger rule says (all succeeded by default). */
  public Task after(String... upstreamIds) {
    Set<String> all = new LinkedHashSet<>(upstream);
    all.addAll(Arrays.asList(upstreamIds));
    return copy().upstream(all).build();
  }

  /**
   * Environment variables for a Bash task's command, as Airflow's {@code env}: each value is a
   * template, rendered when the task runs, and reaches the command as data ({@code "$RUN_ID"}),
   * never as shell code. They are added to the task's clean environment (never the worker's own); a
   * name given twice keeps the last value.
   *
   * @throws IllegalArgumentException when this is not a Bash task, or a name is not a variable name
   */
  public Task env(Map<String, String> variables) {
    if (!(operator instanceof BashOperator bash)) {
      throw new IllegalArgumentException(
          "Task '"
              + id
              + "' is a "
              + operator.kind()
              + " task: env(...) is for Bash tasks; other tasks read values from their context");
    }
    return copy().operator(bash.withEnv(variables)).build();
  }

  /** One environment variable for a Bash task's command; see {@link #env(Map)}. */
  public Task env(String name, String valueTemplate) {
    Map<String, String> one = new HashMap<>();
    one.put(name, valueTemplate);
    return env(one);
  }

  public Task retries(int count) {
    return copy().retries(count).build();
  }

  public Task retryDelay(Duration delay) {
    return copy().retryDelay(delay).build();
  }

  /** Doubles the retry delay after each failed try (1×, 2×, 4×, ...), up to the maximum delay. */
  public Task retryExponentialBackoff(boolean on) {
    return copy().exponentialBackoff(on).build();
  }

  public Task maxRetryDelay(Duration max) {
    return copy().maxRetryDelay(max).build();
  }

  /** Shortens each retry delay by a random part of at most this fraction (0 to 1). */
  public Task retryJitter(double fraction) {
    return copy().retryJitter(fraction).build();
  }

  public Task queue(String name) {
    return copy().queue(name).build();
  }

  public Task pool(String name) {
    return copy().pool(name).build();
  }

  public Task priorityWeight(int weight) {
    return copy().priorityWeight(weight).build();
  }

  public Task weightRule(WeightRule rule) {
    return copy().weightRule(rule).build();
  }

  /** When this task runs, given how its upstream tasks ended. */
  public Task triggerRule(TriggerRule rule) {
    return copy().triggerRule(rule).build();
  }

  /**
   * Fails the try when it runs longer than {@code timeout}: a Java task is interrupted, a Bash
   * task's whole process tree is killed. The try may then be retried like any failure.
   */
  public Task executionTimeout(Duration timeout) {
    return copy().executionTimeout(timeout).build();
  }

  /**
   * Runs each try of this Java task in a JVM of its own with a 512 MB heap (Airflow's {@code
   * ExternalPythonOperator}): {@code System.exit}, an {@code OutOfMemoryError} or a loop that
   * ignores interrupts fails that try only. The child loads the same DAG jar version and asks the
   * worker for connections, variables and XComs; see {@link IsolatedJavaOperator}.
   */
  public Task isolated() {
    return isolated(DEFAULT_ISOLATED_HEAP);
  }

  /**
   * {@code isolated(true)} is {@link #isolated()}; {@code isolated(false)} keeps this Java task in
   * the worker's JVM even when its DAG ({@code Dag.Builder.isolatedJavaTasks()}) or its worker
   * ({@code worker.isolate_java_tasks}) isolates Java tasks: the task's own choice comes first.
   */
  public Task isolated(boolean isolated) {
    if (isolated) {
      return isolated();
    }
    TaskCallable callable = isolatedCallable();
    return copy().operator(new JavaOperator(callable, true)).build();
  }

  /** As {@link #isolated()}, with the child's {@code -Xmx} ({@code "256m"}, {@code "2g"}). */
  public Task isolated(String maxHeap) {
    return copy().operator(new IsolatedJavaOperator(isolatedCallable(), maxHeap)).build();
  }

  private TaskCallable isolatedCallable() {
    return switch (operator) {
      case JavaOperator java -> java.callable();
      case IsolatedJavaOperator isolated -> isolated.callable();
      default ->
          throw new IllegalArgumentException(
              "Task '" + id + "' is a " + operator.kind() + " task: only Java tasks run isolated");
    };
  }

  /**
   * Dynamic task mapping over a list given here (Airflow's {@code expand}): one task instance per
   * value, each reading its own with {@link io.updraft.core.task.TaskContext#mapValue()} and its
   * position with {@code mapIndex()}; a downstream task's {@code xcomPull} of this task gets the
   * instances' return values as a list, in order. Arguments shared by every instance (Airflow's
   * {@code partial}) are what the lambda captures. Values must survive JSON.
   */
  public Task expand(List<?> values) {
    return copy().mapping(TaskMapping.over(values)).build();
  }

  /**
   * Dynamic task mapping over the return value of {@code upstreamTaskId} in the same run, a list
   * (one instance per element) or a map (one per entry, its value a map of {@code key} and {@code
   * value}); that task becomes an upstream task of this one. An empty list skips this task; more
   * than the configured dags.max_map_length values (1,024 by default, as Airflow's) fail it.
   */
  public Task expandOver(String upstreamTaskId) {
    Set<String> all = new LinkedHashSet<>(upstream);
    all.add(upstreamTaskId);
    return copy().upstream(all).mapping(TaskMapping.overXCom(upstreamTaskId)).build();
  }

  /**
   * At most {@code limit} instances of this task queued or running at once, over all the DAG's runs
   * (Airflow's {@code max_active_tis_per_dag}): a mapped task's instances, or one task of many
   * concurrent runs, wait as scheduled beyond it.
   */
  public Task maxActiveTisPerDag(int limit) {
    return copy().maxActiveTisPerDag(limit).build();
  }

  /**
   * Runs {@code callback} once this task's try succeeded and its success is recorded (Airflow's
   * {@code on_success_callback}), with the try's context; it logs to the try's log. A callback that
   * throws is logged and changes nothing.
   */
  public Task onSuccess(TaskCallback callback) {
    return copy().callbacks(callbacks.withOnSuccess(callback)).build();
  }

  /**
   * Runs {@code callback} once this task failed for good (no tries left) and the failure is
   * recorded (Airflow's {@code on_failure_callback}).
   */
  public Task onFailure(TaskCallback callback) {
    return copy().callbacks(callbacks.withOnFailure(callback)).build();
  }

  /**
   * Runs {@code callback} once a try failed and the task is recorded up for retry (Airflow's {@code
   * on_retry_callback}).
   */
  public Task onRetry(TaskCallback callback) {
    return copy().callbacks(callbacks.withOnRetry(callback)).build();
  }

  /**
   * Runs {@code callback} right before the operator, in the try's thread (Airflow's {@code
   * on_execute_callback}); a callback that throws is logged and the operator runs anyway.
   */
  public Task onExecute(TaskCallback callback) {
    return copy().callbacks(callbacks.withOnExecute(callback)).build();
  }

  /**
   * The assets this task updates (Airflow's {@code outlets}): each success records one asset event
   * per asset, in the commit that records the success, and DAGs scheduled on those assets ({@link
   * Schedule#onAssets}) run once all of theirs were updated.
   */
  public Task outlets(Asset... assets) {
    List<Asset> all = new ArrayList<>(outlets);
    all.addAll(Arrays.asList(assets));
    return copy().outlets(all).build();
  }

  /**
   * Airflow's {@code depends_on_past}: this task runs only once its instance in the DAG's previous
   * run (by logical date) succeeded or was skipped. The first run, and a run whose previous run
   * lacks the task, go on.
   */
  public Task dependsOnPast() {
    return copy().pastDependency(PastDependency.TASK).build();
  }

  /**
   * Airflow's {@code wait_for_downstream}: as {@link #dependsOnPast()}, and the direct downstream
   * tasks of this task's previous instance must have succeeded or been skipped too, so two runs
   * never overlap on what this task feeds.
   */
  public Task waitForDownstream() {
    return copy().pastDependency(PastDependency.TASK_AND_DOWNSTREAM).build();
  }

  /**
   * Marks this task as a setup (Airflow's {@code as_setup()}): it makes what the work needs, and a
   * teardown naming it runs once the work is done, whether the work succeeded or not.
   */
  public Task asSetup() {
    return copy().role(TaskRole.SETUP).build();
  }

  /**
   * Marks this task as a teardown of the given setup tasks (Airflow's {@code
   * as_teardown(setups=...)}), which become upstream tasks of it: it runs once everything upstream
   * is done, failed work included, as long as one of its setups succeeded (Airflow's {@code
   * all_done_setup_success} rule); when none did it is skipped or upstream_failed. Its own outcome
   * does not decide the run's state: a run whose work succeeded succeeds even when the cleanup
   * failed.
   */
  public Task asTeardown(String... setupIds) {
    Set<String> all = new LinkedHashSet<>(upstream);
    all.addAll(Arrays.asList(setupIds));
    return copy()
        .upstream(all)
        .role(TaskRole.TEARDOWN)
        .triggerRule(TriggerRule.ALL_DONE_SETUP_SUCCESS)
        .build();
  }

  /**
   * When this task should be done by in each run (Airflow's {@code sla}): still not done then, it
   * is a miss, recorded once and told to the DAG's {@code onDeadlineMiss}; the task goes on.
   */
  public Task deadline(Deadline value) {
    return copy().deadline(value).build();
  }

  /**
   * What this task is for, in plain text (Airflow's {@code doc}/{@code doc_md}): shown on the
   * task's page in the UI and in the API's task details. At most 10,000 characters.
   */
  public Task doc(String text) {
    return copy().doc(text).build();
  }

  private TaskCopy copy() {
    return new TaskCopy(this);
  }
}

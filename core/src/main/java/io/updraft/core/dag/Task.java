package io.updraft.core.dag;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One node of a DAG: an id, what it does (its {@link Operator}) and which tasks must succeed before
 * it runs. Immutable; the {@code with...}/{@code after} methods return changed copies.
 *
 * <pre>{@code
 * Task.java("extract", ctx -> fetchRows())
 * Task.bash("load", "psql -c 'select 1'").after("extract").retries(3)
 * }</pre>
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
    Duration executionTimeout) {

  static final Pattern ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,249}");

  public Task {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "Invalid task id '"
              + id
              + "': use letters, digits, '_', '.' and '-' (at most 250 characters)");
    }
    if (operator == null) {
      throw new IllegalArgumentException("Task '" + id + "' has no operator");
    }
    upstream = Set.copyOf(new LinkedHashSet<>(upstream == null ? Set.of() : upstream));
    if (retries != null && retries < 0) {
      throw new IllegalArgumentException("Task '" + id + "': retries must be >= 0, got " + retries);
    }
    queue = queue == null ? "default" : queue;
    pool = pool == null ? "default_pool" : pool;
    if (executionTimeout != null && (executionTimeout.isNegative() || executionTimeout.isZero())) {
      throw new IllegalArgumentException(
          "Task '" + id + "': executionTimeout must be positive, got " + executionTimeout);
    }
  }

  /** A task that runs a Java lambda; its return value becomes the task's XCom. */
  public static Task java(String id, TaskCallable callable) {
    return of(id, new JavaOperator(callable));
  }

  /** A task that runs a templated {@code bash -c} command. */
  public static Task bash(String id, String command) {
    return of(id, new BashOperator(command, Map.of()));
  }

  /** A task with any operator. */
  public static Task of(String id, Operator operator) {
    return new Task(id, operator, Set.of(), null, null, null, null, 1, null);
  }

  /** This task runs after the given tasks succeeded. */
  public Task after(String... upstreamIds) {
    Set<String> all = new LinkedHashSet<>(upstream);
    all.addAll(Arrays.asList(upstreamIds));
    return new Task(
        id, operator, all, retries, retryDelay, queue, pool, priorityWeight, executionTimeout);
  }

  public Task retries(int count) {
    return new Task(
        id, operator, upstream, count, retryDelay, queue, pool, priorityWeight, executionTimeout);
  }

  public Task retryDelay(Duration delay) {
    return new Task(
        id, operator, upstream, retries, delay, queue, pool, priorityWeight, executionTimeout);
  }

  public Task queue(String name) {
    return new Task(
        id, operator, upstream, retries, retryDelay, name, pool, priorityWeight, executionTimeout);
  }

  public Task pool(String name) {
    return new Task(
        id, operator, upstream, retries, retryDelay, queue, name, priorityWeight, executionTimeout);
  }

  public Task priorityWeight(int weight) {
    return new Task(
        id, operator, upstream, retries, retryDelay, queue, pool, weight, executionTimeout);
  }

  /**
   * Fails the try when it runs longer than {@code timeout}: a Java task is interrupted, a Bash
   * task's whole process tree is killed. The try may then be retried like any failure.
   */
  public Task executionTimeout(Duration timeout) {
    return new Task(
        id, operator, upstream, retries, retryDelay, queue, pool, priorityWeight, timeout);
  }
}

package io.updraft.core.dag;

import java.time.Duration;
import java.util.regex.Pattern;

/** The checks a task's settings must pass before it exists. */
final class TaskValidator {
  static final int DOC_MAX_LENGTH = 10_000;

  static final Pattern ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,249}");

  private TaskValidator() {}

  static void check(
      String id,
      Operator operator,
      Integer retries,
      double retryJitter,
      Duration executionTimeout,
      Integer maxActiveTisPerDag,
      String doc) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "Invalid task id '"
              + id
              + "': use letters, digits, '_', '.' and '-' (at most 250 characters)");
    }
    if (operator == null) {
      throw new IllegalArgumentException("Task '" + id + "' has no operator");
    }
    if (retries != null && retries < 0) {
      throw new IllegalArgumentException("Task '" + id + "': retries must be >= 0, got " + retries);
    }
    if (!(retryJitter >= 0 && retryJitter <= 1)) {
      throw new IllegalArgumentException(
          "Task '" + id + "': retry jitter must be between 0 and 1, got " + retryJitter);
    }
    if (executionTimeout != null && (executionTimeout.isNegative() || executionTimeout.isZero())) {
      throw new IllegalArgumentException(
          "Task '" + id + "': executionTimeout must be positive, got " + executionTimeout);
    }
    if (maxActiveTisPerDag != null && maxActiveTisPerDag < 1) {
      throw new IllegalArgumentException(
          "Task '" + id + "': maxActiveTisPerDag must be at least 1, got " + maxActiveTisPerDag);
    }
    if (doc != null && doc.length() > DOC_MAX_LENGTH) {
      throw new IllegalArgumentException(
          "Task '"
              + id
              + "': doc is "
              + doc.length()
              + " characters; keep it under "
              + DOC_MAX_LENGTH
              + " (link to longer documents)");
    }
  }
}

package io.updraft.core.plan;

import io.updraft.core.dag.TriggerRule;
import io.updraft.core.state.TaskState;
import java.util.Optional;

/**
 * Airflow's trigger rules as one pure function: given a rule and the upstream states, a waiting
 * task becomes {@code queued} (the rule is met), {@code skipped} or {@code upstream_failed} (it can
 * never be met), or stays as it is (empty: not yet decided). Some rules decide before every
 * upstream task finished, as Airflow's do: one failure is enough to fail an all_success task.
 */
public final class TriggerRules {
  private TriggerRules() {}

  public static Optional<TaskState> decide(TriggerRule rule, UpstreamStates up) {
    return decide(rule, up, UpstreamStates.NONE);
  }

  /**
   * As {@link #decide(TriggerRule, UpstreamStates)}, with {@code setups} the states of those
   * upstream tasks that are setup tasks (counted in {@code up} too): what a teardown's rule needs.
   */
  public static Optional<TaskState> decide(
      TriggerRule rule, UpstreamStates up, UpstreamStates setups) {
    if (up.upstream() == 0 || rule == TriggerRule.ALWAYS) {
      return queued();
    }
    if (rule == TriggerRule.ALL_DONE_SETUP_SUCCESS) {
      return afterSetups(up, setups);
    }
    Optional<TaskState> cannotRun = cannotRun(rule, up);
    if (cannotRun.isPresent()) {
      return cannotRun;
    }
    return isMet(rule, up) ? queued() : Optional.empty();
  }

  /**
   * A teardown waits for everything upstream, then runs when a setup of it succeeded (or it has
   * none): there is nothing to tear down when every setup was skipped (skipped) or failed
   * (upstream_failed), as Airflow decides.
   */
  private static Optional<TaskState> afterSetups(UpstreamStates up, UpstreamStates setups) {
    if (!up.allDone()) {
      return Optional.empty();
    }
    if (setups.upstream() == 0 || setups.success() > 0) {
      return queued();
    }
    return Optional.of(
        setups.skipped() == setups.upstream() ? TaskState.SKIPPED : TaskState.UPSTREAM_FAILED);
  }

  /** The task can never run: Airflow's "flag upstream failed" half. */
  private static Optional<TaskState> cannotRun(TriggerRule rule, UpstreamStates up) {
    boolean anyFailure = up.failed() + up.upstreamFailed() > 0;
    boolean done = up.allDone();
    return switch (rule) {
      case ALL_SUCCESS -> {
        if (anyFailure) {
          yield Optional.of(TaskState.UPSTREAM_FAILED);
        }
        yield up.skipped() > 0 ? Optional.of(TaskState.SKIPPED) : Optional.empty();
      }
      case ALL_FAILED ->
          up.success() + up.skipped() > 0 ? Optional.of(TaskState.SKIPPED) : Optional.empty();
      case ONE_SUCCESS -> {
        if (done && up.done() == up.skipped()) {
          yield Optional.of(TaskState.SKIPPED);
        }
        yield done && up.success() == 0 ? Optional.of(TaskState.UPSTREAM_FAILED) : Optional.empty();
      }
      case ONE_FAILED -> done && !anyFailure ? Optional.of(TaskState.SKIPPED) : Optional.empty();
      case ONE_DONE ->
          done && up.failed() + up.success() == 0
              ? Optional.of(TaskState.SKIPPED)
              : Optional.empty();
      case NONE_FAILED -> anyFailure ? Optional.of(TaskState.UPSTREAM_FAILED) : Optional.empty();
      case NONE_FAILED_MIN_ONE_SUCCESS -> {
        if (anyFailure) {
          yield Optional.of(TaskState.UPSTREAM_FAILED);
        }
        yield up.skipped() == up.upstream() ? Optional.of(TaskState.SKIPPED) : Optional.empty();
      }
      case NONE_SKIPPED -> up.skipped() > 0 ? Optional.of(TaskState.SKIPPED) : Optional.empty();
      case ALL_SKIPPED ->
          up.success() + up.failed() + up.upstreamFailed() > 0
              ? Optional.of(TaskState.SKIPPED)
              : Optional.empty();
      case ALL_DONE, ALWAYS, ALL_DONE_SETUP_SUCCESS -> Optional.empty();
    };
  }

  private static boolean isMet(TriggerRule rule, UpstreamStates up) {
    return switch (rule) {
      case ALL_SUCCESS -> up.success() == up.upstream();
      case ALL_FAILED -> up.failed() + up.upstreamFailed() == up.upstream();
      case ALL_DONE -> up.allDone();
      case ALL_SKIPPED -> up.skipped() == up.upstream();
      case ONE_SUCCESS -> up.success() > 0;
      case ONE_FAILED -> up.failed() + up.upstreamFailed() > 0;
      case ONE_DONE -> up.success() + up.failed() > 0;
      case NONE_FAILED, NONE_FAILED_MIN_ONE_SUCCESS -> up.success() + up.skipped() == up.upstream();
      case NONE_SKIPPED -> up.allDone() && up.skipped() == 0;
      case ALWAYS -> true;
      case ALL_DONE_SETUP_SUCCESS -> up.allDone();
    };
  }

  private static Optional<TaskState> queued() {
    return Optional.of(TaskState.QUEUED);
  }
}

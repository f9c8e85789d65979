package io.updraft.core.plan;

import io.updraft.core.state.TaskState;
import java.util.Collection;

/**
 * How a task's direct upstream tasks stand: how many there are and how many ended in each way.
 * {@code done} counts every finished upstream task, whatever the outcome.
 */
public record UpstreamStates(
    int upstream, int success, int skipped, int failed, int upstreamFailed) {

  /** No upstream tasks at all. */
  public static final UpstreamStates NONE = new UpstreamStates(0, 0, 0, 0, 0);

  public static UpstreamStates of(Collection<TaskState> states) {
    int success = 0;
    int skipped = 0;
    int failed = 0;
    int upstreamFailed = 0;
    for (TaskState s : states) {
      switch (s) {
        case SUCCESS -> success++;
        case SKIPPED -> skipped++;
        case FAILED -> failed++;
        case UPSTREAM_FAILED -> upstreamFailed++;
        default -> {}
      }
    }
    return new UpstreamStates(states.size(), success, skipped, failed, upstreamFailed);
  }

  public int done() {
    return success + skipped + failed + upstreamFailed;
  }

  public boolean allDone() {
    return done() >= upstream;
  }
}

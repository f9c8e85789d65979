package io.updraft.core.run;

import java.util.List;
import java.util.Optional;

/**
 * What recording a {@link HandOver} did, once its outcome applied.
 *
 * @param queued the downstream tasks queued, for the queue to deliver
 * @param taken the downstream task claimed by the hand-over's worker, running on it
 * @param waiting how many downstream tasks were left as they were: not ready yet (another upstream
 *     task still going), or no longer in state none. A planner must look at them.
 */
public record HandedOver(List<TaskInstance> queued, Optional<TaskInstance> taken, int waiting) {
  public HandedOver {
    queued = List.copyOf(queued);
  }
}

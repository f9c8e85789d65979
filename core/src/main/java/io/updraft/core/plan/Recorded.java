package io.updraft.core.plan;

import io.updraft.core.run.TaskInstance;
import java.util.Optional;

/**
 * What recording a task's outcome did.
 *
 * @param applied false when the outcome's fence did not match and nothing changed
 * @param taken a task made ready by this outcome that the recording worker claimed to run itself
 *     (running on that worker, with no message on the queue)
 * @param settled nothing is left for the scheduler to plan now: the run goes on by itself (its next
 *     task taken, no downstream task left undecided), so no run event is needed
 */
public record Recorded(boolean applied, Optional<TaskInstance> taken, boolean settled) {
  static final Recorded MISSED = new Recorded(false, Optional.empty(), false);
}

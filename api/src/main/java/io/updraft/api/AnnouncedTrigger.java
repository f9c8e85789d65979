package io.updraft.api;

import io.updraft.core.dag.DagStructure;
import io.updraft.core.plan.RunTrigger;
import io.updraft.core.run.CreatedRun;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * A run triggered over HTTP or from the UI, counted, and told to the scheduler only when it did not
 * start in its creating commit (paused, at max_active_runs, roots for the planner, no Redis): for
 * one that started, its root tasks are queued and pushed, and a run event would have the scheduler
 * read the run to find nothing to do.
 */
final class AnnouncedTrigger {
  private final RunTrigger trigger;
  private final LongConsumer runChanged;
  private final Consumer<DagRun> runCreated;

  AnnouncedTrigger(RunTrigger trigger, LongConsumer runChanged, Consumer<DagRun> runCreated) {
    this.trigger = trigger;
    this.runChanged = runChanged;
    this.runCreated = runCreated;
  }

  /** The run created; empty when the DAG already has one with its run id or logical date. */
  Optional<DagRun> trigger(NewDagRun request, DagStructure dag) {
    Optional<CreatedRun> created = trigger.trigger(request, dag);
    created.ifPresent(
        c -> {
          runCreated.accept(c.run());
          if (c.started().isEmpty()) {
            runChanged.accept(c.run().id());
          }
        });
    return created.map(CreatedRun::run);
  }
}

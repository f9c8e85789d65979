package io.updraft.scheduler;

import io.updraft.core.metrics.MetricsRecorder;
import io.updraft.core.queue.RunEvents;
import io.updraft.core.run.AssetStore;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.DagStore;
import io.updraft.core.run.RunType;
import io.updraft.core.run.StoredDag;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates an asset-triggered run of each DAG whose schedule assets were all updated since its last
 * one ({@code Schedule.onAssets}), consuming those updates in the run's commit. Several schedulers
 * may run this at once: the store locks a DAG's schedule rows, so one of them creates the run, and
 * an event committed late (after a later one) waits in the DAG's queue for the next run.
 */
final class CreateAssetTriggeredRuns {
  private static final Logger LOG = LoggerFactory.getLogger(CreateAssetTriggeredRuns.class);

  private final AssetStore assets;
  private final DagStore dags;
  private final RunEvents events;
  private final Clock clock;
  private final MetricsRecorder metrics;

  CreateAssetTriggeredRuns(
      AssetStore assets, DagStore dags, RunEvents events, Clock clock, MetricsRecorder metrics) {
    this.assets = assets;
    this.dags = dags;
    this.events = events;
    this.clock = clock;
    this.metrics = metrics;
  }

  /** Returns how many runs it created. */
  int runOnce() {
    int created = 0;
    for (String dagId : assets.dueDags()) {
      Optional<StoredDag> dag = dags.find(dagId);
      if (dag.isEmpty()) {
        continue;
      }
      Optional<DagRun> run = assets.triggerIfDue(dag.get().structure(), clock.instant());
      if (run.isPresent()) {
        created++;
        metrics.dagRunCreated(dagId, RunType.ASSET_TRIGGERED);
        LOG.info("Created run {} of {} on its assets' updates", run.get().runId(), dagId);
        events.publish(run.get().id());
      }
    }
    return created;
  }
}

package io.updraft.core.run;

import io.updraft.core.asset.AssetEvent;
import io.updraft.core.asset.AssetEventFilter;
import io.updraft.core.asset.AssetSummary;
import io.updraft.core.dag.DagStructure;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Assets and their events. A task's outlets are recorded with its success, by the run store ({@code
 * RunStore.applyAfter} with its events); this port lists them, takes events from external
 * producers, and creates the runs they trigger.
 */
public interface AssetStore {
  /** Assets by URI, {@code limit} from {@code offset}. */
  List<AssetSummary> assets(int limit, int offset);

  long countAssets();

  /** Events newest first, {@code limit} from {@code offset}. */
  List<AssetEvent> events(AssetEventFilter filter, int limit, int offset);

  long countEvents(AssetEventFilter filter);

  /** The events that created an asset-triggered run, oldest first (none for another run). */
  List<AssetEvent> triggeringEvents(long dagRunId);

  /**
   * Records an update from outside Updraft (Airflow's {@code POST /assets/events}); the asset is
   * created if no DAG named it yet.
   *
   * @param by the user who reported it
   */
  AssetEvent recordExternal(String uri, Map<String, Object> extra, String by, Instant at);

  /**
   * The unpaused, active DAGs each of whose schedule assets has an event their last asset-triggered
   * run did not consume.
   */
  List<String> dueDags();

  /**
   * Creates an asset-triggered run of {@code dag} (queued, as scheduled runs are: its start waits
   * for room under max_active_runs) if every one of its schedule assets has an unconsumed event,
   * and consumes those events, in one transaction that locks the DAG's schedule: of two schedulers
   * only one creates the run, and each event is consumed by one run whatever order its producers
   * committed in. Empty when the DAG was no longer due.
   */
  Optional<DagRun> triggerIfDue(DagStructure dag, Instant at);
}

package io.updraft.core.run;

import io.updraft.core.dag.DagStructure;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code dag} table: each DAG's structure, version and paused flag. */
public interface DagStore {
  /**
   * Writes the DAG's structure when its version hash changed; a new DAG starts unpaused. Returns
   * whether anything was written.
   */
  boolean save(DagStructure structure, Instant at);

  Optional<StoredDag> find(String dagId);

  /** Every DAG, by id. */
  List<StoredDag> list();

  void setPaused(String dagId, boolean paused);
}

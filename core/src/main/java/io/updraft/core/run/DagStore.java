package io.updraft.core.run;

import io.updraft.core.dag.DagStructure;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The {@code dag} table: each DAG's structure, version and paused flag. */
public interface DagStore {
  /**
   * Writes the DAG's structure when its version hash changed; a new DAG starts unpaused. Returns
   * whether anything was written.
   */
  default boolean save(DagStructure structure, Instant at) {
    return save(structure, null, at);
  }

  /**
   * Writes the DAG's structure and the code version (jar SHA-256, null for the class path) it was
   * loaded from, when either changed or the DAG was inactive: saving makes it active again. A new
   * DAG starts unpaused. Returns whether anything was written.
   */
  default boolean save(DagStructure structure, String codeVersion, Instant at) {
    return save(structure, codeVersion, at, false);
  }

  /**
   * As {@link #save(DagStructure, String, Instant)}, a new DAG starting paused when {@code
   * pausedIfNew}; a DAG already stored keeps its paused flag whatever this says.
   */
  boolean save(DagStructure structure, String codeVersion, Instant at, boolean pausedIfNew);

  /**
   * Marks inactive the DAGs that were registered from DAG jars (a code version) and are not in
   * {@code loaded}: their jar left the DAGs folder. Their runs and history stay. Class-path DAGs
   * are never deactivated here. Returns the ids it deactivated.
   */
  List<String> deactivateJarDagsOtherThan(Set<String> loaded, Instant at);

  Optional<StoredDag> find(String dagId);

  /** Every DAG, by id. */
  List<StoredDag> list();

  /**
   * The DAGs {@code query} selects, by id, at most {@code limit} of them after skipping {@code
   * offset}, with the counts of the query without its paused flag, the count of all DAGs, and every
   * tag and owner some DAG has. Only the page's structures are read.
   */
  DagPage page(DagQuery query, int offset, int limit);

  /**
   * The values the DAGs list's tag and owner filters can take: every tag and every owner some DAG
   * has, each list sorted and without repeats.
   */
  record DagChoices(List<String> tags, List<String> owners) {}

  void setPaused(String dagId, boolean paused);
}

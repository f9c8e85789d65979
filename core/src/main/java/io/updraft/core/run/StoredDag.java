package io.updraft.core.run;

import io.updraft.core.dag.DagStructure;
import java.time.Instant;

/**
 * A DAG as the {@code dag} table holds it.
 *
 * @param codeVersion the SHA-256 of the DAG jar it was last registered from; null for the class
 *     path
 * @param active false once its jar left the DAGs folder: no longer scheduled, history kept
 */
public record StoredDag(
    String dagId,
    DagStructure structure,
    String versionHash,
    boolean paused,
    Instant updatedAt,
    String codeVersion,
    boolean active) {

  public StoredDag(
      String dagId, DagStructure structure, String versionHash, boolean paused, Instant updatedAt) {
    this(dagId, structure, versionHash, paused, updatedAt, null, true);
  }
}

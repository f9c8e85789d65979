package io.updraft.worker;

import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagSource;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.DagStore;
import io.updraft.core.run.StoredDag;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

/** The DAG structure each run was made from, without a query when the worker's copy matches. */
final class RunStructures {
  private final DagSource dagSource;
  private final DagStore dags;
  // Weak keys: the DAGs of a replaced jar version go, and its classes can be unloaded.
  private final Map<Dag, Versioned> structures = Collections.synchronizedMap(new WeakHashMap<>());

  RunStructures(DagSource dagSource, DagStore dags) {
    this.dagSource = dagSource;
    this.dags = dags;
  }

  /**
   * The structure the run was made from: this worker's own copy when its version matches (no query,
   * no JSON to parse on the path from one task to the next), else the stored one.
   */
  Optional<DagStructure> of(DagRun run) {
    Optional<DagStructure> local =
        dagSource
            .current()
            .get(run.dagId())
            .map(dag -> structures.computeIfAbsent(dag, d -> new Versioned(d.structure())))
            .filter(v -> v.hash().equals(run.dagVersion()))
            .map(Versioned::structure);
    return local.isPresent() ? local : dags.find(run.dagId()).map(StoredDag::structure);
  }

  private record Versioned(DagStructure structure, String hash) {
    Versioned(DagStructure structure) {
      this(structure, structure.versionHash());
    }
  }
}

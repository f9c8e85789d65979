package io.updraft.core.run;

import io.updraft.core.dag.DagStructure;
import java.time.Instant;

/** A DAG as the {@code dag} table holds it. */
public record StoredDag(
    String dagId, DagStructure structure, String versionHash, boolean paused, Instant updatedAt) {}

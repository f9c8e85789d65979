package io.updraft.core.run;

import io.updraft.core.dag.Asset;
import java.time.Instant;

/** An event a task's success writes for one of its outlets, in the commit of that success. */
public record OutletEvent(
    Asset asset, String dagId, String runId, String taskId, int mapIndex, Instant at) {}

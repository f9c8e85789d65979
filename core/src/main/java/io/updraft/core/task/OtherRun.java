package io.updraft.core.task;

import io.updraft.core.state.RunState;
import java.time.Instant;

/**
 * A run of a DAG as {@link DagRuns} shows it to a task.
 *
 * @param queuedAt when the run was created or last queued again
 */
public record OtherRun(
    long id, String dagId, String runId, RunState state, Instant logicalDate, Instant queuedAt) {}

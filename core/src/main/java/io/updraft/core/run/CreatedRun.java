package io.updraft.core.run;

import java.util.Optional;

/**
 * A run just created by {@link RunStore#createAndStartRun}, as it is after that commit.
 *
 * @param run the run: running when it started in the creating commit, else still queued
 * @param started what became of its root tasks when it started in that commit; empty when it stayed
 *     queued (its DAG paused or at max_active_runs), for the scheduler to start later
 */
public record CreatedRun(DagRun run, Optional<HandedOver> started) {}

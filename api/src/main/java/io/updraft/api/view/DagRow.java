package io.updraft.api.view;

import java.util.List;

/** One line of the DAGs page. {@code recentRuns} are oldest first, so the newest is rightmost. */
public record DagRow(
    String dagId,
    String href,
    String description,
    String schedule,
    boolean paused,
    List<String> tags,
    List<String> owners,
    List<RunDot> recentRuns,
    String lastState,
    String nextRun,
    String nextRunExplained) {}

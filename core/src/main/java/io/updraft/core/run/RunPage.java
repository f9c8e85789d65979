package io.updraft.core.run;

import java.util.List;

/** One page of runs, newest first, and how many runs match in all. */
public record RunPage(List<DagRun> runs, int totalEntries) {}

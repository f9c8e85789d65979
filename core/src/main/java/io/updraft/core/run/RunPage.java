package io.updraft.core.run;

import java.util.List;

/**
 * One page of runs, newest first, and how many runs match in all. Counting a history of millions of
 * runs would cost more than the page itself, so the count may stop early: then {@code
 * totalIsAtLeast} is set and {@code totalEntries} is only a lower bound (always past the page, so
 * that a next page is known to exist).
 */
public record RunPage(List<DagRun> runs, int totalEntries, boolean totalIsAtLeast) {
  /** A page whose total is exact. */
  public RunPage(List<DagRun> runs, int totalEntries) {
    this(runs, totalEntries, false);
  }
}

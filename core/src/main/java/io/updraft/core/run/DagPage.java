package io.updraft.core.run;

import java.util.List;

/**
 * One page of DAGs, by id, and the counts of the filter it came from without its paused flag: how
 * many DAGs match in all and how many of them are paused (the DAGs page's "All · Active · Paused");
 * how many DAGs there are, filter or not; and the choices of the tag and owner filters.
 */
public record DagPage(
    List<StoredDag> dags,
    int matchingAnyPaused,
    int pausedMatching,
    int allDags,
    DagStore.DagChoices choices) {
  public DagPage {
    dags = List.copyOf(dags);
  }

  /** How many DAGs match {@code query}, paused flag included: the list's total entries. */
  public int totalEntries(DagQuery query) {
    if (query.paused() == null) {
      return matchingAnyPaused;
    }
    return query.paused() ? pausedMatching : matchingAnyPaused - pausedMatching;
  }
}

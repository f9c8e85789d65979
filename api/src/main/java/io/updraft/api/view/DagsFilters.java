package io.updraft.api.view;

import java.util.List;

/**
 * The DAGs page's filter form and counts: the values as given, the choices, and how many DAGs match
 * every other filter in all, active and paused (Airflow's "All 12 · Active 9 · Paused 3"), each
 * with the link that shows them.
 */
public record DagsFilters(
    String search,
    String tag,
    String status,
    String lastRunState,
    String owner,
    List<String> tags,
    List<String> owners,
    List<String> lastRunStates,
    List<Count> counts) {

  /** One of the counts above the table; {@code selected} when the page shows that status. */
  public record Count(String label, int count, String href, boolean selected) {}
}

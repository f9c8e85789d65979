package io.updraft.core.run;

import java.util.List;

/**
 * Which DAGs a list shows, applied by the store so that a page of thousands of DAGs reads only its
 * own rows. Every field is optional (null or empty: no filter).
 *
 * @param idContains part of the DAG id
 * @param idIgnoreCase whether {@code idContains} matches in any case
 * @param anyTags the DAG carries at least one of these tags
 * @param owner one of the DAG's owners, in any case
 * @param paused only paused DAGs (true) or only active ones (false)
 * @param lastRunState the state of the DAG's latest run (by logical date), or {@link #NEVER_RAN}
 */
public record DagQuery(
    String idContains,
    boolean idIgnoreCase,
    List<String> anyTags,
    String owner,
    Boolean paused,
    String lastRunState) {
  /** The {@code lastRunState} of DAGs without any run. */
  public static final String NEVER_RAN = "none";

  public DagQuery {
    anyTags = anyTags == null ? List.of() : List.copyOf(anyTags);
  }

  /** Every DAG. */
  public static DagQuery all() {
    return new DagQuery(null, false, List.of(), null, null, null);
  }

  /** The same query, whatever the paused flag. */
  public DagQuery anyPaused() {
    return new DagQuery(idContains, idIgnoreCase, anyTags, owner, null, lastRunState);
  }
}

package io.updraft.core.dag;

/**
 * Where a process gets its DAGs: the class path's alone ({@link #of(DagBag)}), or those and the
 * jars of a DAGs folder that change while the process runs. Each DAG comes with the code version it
 * was loaded from, so that a run created from one version of a jar runs with that version to its
 * end, whatever was deployed since.
 */
public interface DagSource {
  /** The DAGs loaded now; the same object until something changes, so a caller can compare. */
  DagSnapshot current();

  /**
   * The DAG as a run created from {@code codeVersion} needs it.
   *
   * @param codeVersion the version a run recorded, or null for the DAG loaded now (class-path DAGs
   *     have no version, and runs created before versions were recorded have none)
   * @throws DagNotLoadedException naming the DAG, the version and what to do, when this process
   *     does not have that DAG or that version of it
   */
  Dag dag(String dagId, String codeVersion);

  /**
   * Whether this source reads a DAGs folder. Only then does a DAG registered from a jar that it
   * lacks mean the jar left: a process without the folder (one not configured yet, say) must not
   * deactivate the DAGs that the others load from it.
   */
  default boolean readsDagJars() {
    return false;
  }

  /** The DAGs of one {@link DagBag}, which never change: the class path's, or a test's. */
  static DagSource of(DagBag bag) {
    DagSnapshot snapshot = DagSnapshot.of(bag, null, "the class path");
    return new DagSource() {
      @Override
      public DagSnapshot current() {
        return snapshot;
      }

      @Override
      public Dag dag(String dagId, String codeVersion) {
        return bag.get(dagId)
            .orElseThrow(
                () ->
                    new DagNotLoadedException(
                        "DAG '"
                            + dagId
                            + "' is not loaded in this process: it is neither on its class path"
                            + " nor in a DAGs folder (dags.folder is not set)"));
      }
    };
  }
}

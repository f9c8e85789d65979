package io.updraft.core.dag;

/** A task's DAG, or the code version its run was created from, is not loaded in this process. */
public final class DagNotLoadedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public DagNotLoadedException(String message) {
    super(message);
  }
}

package io.updraft.core.dag;

/**
 * A DAG that could not be loaded: which provider class, which DAG when known, and why.
 *
 * @param dagId the DAG's id, or null when the provider failed before naming one
 */
public record DagLoadError(String source, String dagId, String message) {
  @Override
  public String toString() {
    return source + (dagId == null ? "" : " (DAG '" + dagId + "')") + ": " + message;
  }
}

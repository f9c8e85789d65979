package io.updraft.core.asset;

/**
 * Which events to list; a null field does not filter.
 *
 * @param dagId the producing DAG's id
 * @param runId the producing run's id
 */
public record AssetEventFilter(String uri, String dagId, String runId) {
  public static final AssetEventFilter ALL = new AssetEventFilter(null, null, null);
}

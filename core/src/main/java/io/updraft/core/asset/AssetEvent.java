package io.updraft.core.asset;

import java.time.Instant;
import java.util.Map;

/**
 * One recorded update of an asset: by a task's success (its DAG, run, task and map index) or by an
 * external producer ({@code externalBy} names who, the source fields are null).
 *
 * @param extra what the producer said about the update (JSON object)
 */
public record AssetEvent(
    long id,
    String uri,
    Instant at,
    String sourceDagId,
    String sourceRunId,
    String sourceTaskId,
    Integer sourceMapIndex,
    String externalBy,
    Map<String, Object> extra) {
  public AssetEvent {
    extra = extra == null ? Map.of() : extra;
  }
}

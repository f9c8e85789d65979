package io.updraft.core.asset;

import java.time.Instant;
import java.util.List;

/**
 * An asset as listed: its events counted, its last update, and the DAGs scheduled on it.
 *
 * @param lastEventAt null when it was never updated
 */
public record AssetSummary(
    long id,
    String uri,
    String name,
    Instant createdAt,
    long events,
    Instant lastEventAt,
    List<String> scheduledDags) {}

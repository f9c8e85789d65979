package io.updraft.core.run;

import java.time.Instant;
import java.util.List;

/** A worker as it last reported itself in the {@code worker} table. */
public record WorkerInfo(
    String name,
    String hostname,
    List<String> queues,
    int slots,
    int running,
    Instant startedAt,
    Instant lastSeen) {
  public WorkerInfo {
    queues = queues == null ? List.of() : List.copyOf(queues);
  }
}

package io.updraft.core.run;

import java.time.Instant;
import java.util.List;

/**
 * What a worker last said about itself: where it runs, what it takes and how busy it is.
 *
 * @param running tasks running at its last heartbeat
 */
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

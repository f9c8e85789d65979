package io.updraft.worker;

import io.updraft.core.run.RunStore;
import io.updraft.core.run.WorkerInfo;
import io.updraft.core.run.WorkerStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Tells PostgreSQL that this worker and each of its running tries are alive. The scheduler treats a
 * running try whose heartbeat went stale as a zombie and retries or fails it.
 */
final class WorkerHeartbeat {
  private final String name;
  private final String hostname;
  private final List<String> queues;
  private final int slots;
  private final RunningTasks running;
  private final RunStore runs;
  private final WorkerStore workers;
  private final Clock clock;
  private final Instant startedAt;
  private volatile Instant lastBeat;

  WorkerHeartbeat(
      String name,
      String hostname,
      List<String> queues,
      int slots,
      RunningTasks running,
      RunStore runs,
      WorkerStore workers,
      Clock clock) {
    this.name = name;
    this.hostname = hostname;
    this.queues = List.copyOf(queues);
    this.slots = slots;
    this.running = running;
    this.runs = runs;
    this.workers = workers;
    this.clock = clock;
    this.startedAt = clock.instant();
  }

  void runOnce() {
    Instant now = clock.instant();
    runs.heartbeat(name, running.ids(), now);
    workers.beat(new WorkerInfo(name, hostname, queues, slots, running.size(), startedAt, now));
    lastBeat = now;
  }

  /** When the last heartbeat reached the database; empty before the first. */
  Optional<Instant> lastBeat() {
    return Optional.ofNullable(lastBeat);
  }

  void forget() {
    workers.remove(name);
  }
}

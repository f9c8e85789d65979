package io.updraft.api;

import io.javalin.http.Context;
import io.updraft.core.run.WorkerDirectory;
import io.updraft.core.run.WorkerInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** {@code GET /api/v1/workers}: the workers that reported in, and whether they still do. */
final class WorkersHandler {
  /** A worker silent for this long is shown as gone. */
  static final Duration ALIVE_WITHIN = Duration.ofSeconds(60);

  record WorkerJson(
      String name,
      String hostname,
      List<String> queues,
      int slots,
      int running,
      Instant startedAt,
      Instant lastSeen,
      boolean alive) {}

  record WorkerList(List<WorkerJson> workers, int totalEntries) {}

  private final WorkerDirectory workers;
  private final Clock clock;

  WorkersHandler(WorkerDirectory workers, Clock clock) {
    this.workers = workers;
    this.clock = clock;
  }

  void list(Context ctx) {
    List<WorkerJson> all = workers().stream().map(this::json).toList();
    ctx.json(new WorkerList(all, all.size()));
  }

  List<WorkerInfo> workers() {
    return workers.list();
  }

  boolean alive(WorkerInfo w) {
    return w.lastSeen() != null && w.lastSeen().isAfter(clock.instant().minus(ALIVE_WITHIN));
  }

  private WorkerJson json(WorkerInfo w) {
    return new WorkerJson(
        w.name(),
        w.hostname(),
        w.queues(),
        w.slots(),
        w.running(),
        w.startedAt(),
        w.lastSeen(),
        alive(w));
  }
}

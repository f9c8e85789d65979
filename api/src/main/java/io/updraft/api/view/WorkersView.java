package io.updraft.api.view;

import java.util.List;

/** The workers page. */
public record WorkersView(Layout layout, List<WorkerRow> workers) {
  /** One worker as it last reported. */
  public record WorkerRow(
      String name,
      String hostname,
      String queues,
      int slots,
      int running,
      String startedAt,
      String lastSeen,
      boolean alive) {}
}

package io.updraft.api.view;

import java.util.List;

/** The pools page. */
public record PoolsView(Layout layout, List<PoolRow> pools) {
  /** One pool and its use now. */
  public record PoolRow(
      String name, int slots, int running, int queued, int open, String description) {}
}

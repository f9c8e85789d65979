package io.updraft.api.view;

import java.util.List;

/** The assets page: the assets and their latest events. */
public record AssetsView(Layout layout, List<AssetRow> assets, List<EventRow> events) {
  /** One asset, its number of events, its last update and the DAGs scheduled on it. */
  public record AssetRow(
      String uri, String name, long events, String lastEventAt, String scheduledDags) {}

  /** One event: who produced it (a task of a run, or an external producer) and when. */
  public record EventRow(long id, String uri, String at, String source, String extra) {}
}

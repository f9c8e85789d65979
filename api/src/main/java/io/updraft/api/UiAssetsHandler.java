package io.updraft.api;

import io.javalin.http.Context;
import io.updraft.api.view.AssetsView;
import io.updraft.core.asset.AssetEvent;
import io.updraft.core.asset.AssetEventFilter;
import io.updraft.core.json.Json;
import io.updraft.core.run.AssetStore;
import java.time.Instant;
import java.util.List;

/** The UI's assets page: every asset (up to a page) and the latest events. */
final class UiAssetsHandler {
  private static final int SHOWN = 100;

  private final AssetStore assets;
  private final Templates templates;

  UiAssetsHandler(AssetStore assets, Templates templates) {
    this.assets = assets;
    this.templates = templates;
  }

  void page(Context ctx) {
    List<AssetsView.AssetRow> rows =
        assets.assets(SHOWN, 0).stream()
            .map(
                a ->
                    new AssetsView.AssetRow(
                        a.uri(),
                        a.name(),
                        a.events(),
                        text(a.lastEventAt()),
                        String.join(", ", a.scheduledDags())))
            .toList();
    List<AssetsView.EventRow> events =
        assets.events(AssetEventFilter.ALL, SHOWN, 0).stream()
            .map(
                e ->
                    new AssetsView.EventRow(
                        e.id(), e.uri(), text(e.at()), source(e), Json.write(e.extra())))
            .toList();
    templates.html(
        ctx, "assets.jte", new AssetsView(UiHandler.layout(ctx, "Assets"), rows, events));
  }

  private static String source(AssetEvent e) {
    if (e.externalBy() != null) {
      return "external (" + e.externalBy() + ")";
    }
    String task =
        e.sourceMapIndex() == null || e.sourceMapIndex() < 0
            ? e.sourceTaskId()
            : e.sourceTaskId() + "[" + e.sourceMapIndex() + "]";
    return e.sourceDagId() + " / " + e.sourceRunId() + " / " + task;
  }

  private static String text(Instant at) {
    return at == null ? "" : at.toString();
  }
}

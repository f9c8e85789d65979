package io.updraft.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.updraft.core.asset.AssetEvent;
import io.updraft.core.asset.AssetEventFilter;
import io.updraft.core.asset.AssetSummary;
import io.updraft.core.dag.Asset;
import io.updraft.core.json.Json;
import io.updraft.core.run.AssetStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v1/assets}: the assets, their events, and events reported by producers outside
 * Updraft (Airflow's {@code POST /assets/events}).
 */
final class AssetsHandler {
  private static final Logger LOG = LoggerFactory.getLogger(AssetsHandler.class);

  record AssetJson(
      String uri,
      String name,
      Instant createdAt,
      long events,
      Instant lastEventAt,
      List<String> scheduledDags) {
    static AssetJson of(AssetSummary a) {
      return new AssetJson(
          a.uri(), a.name(), a.createdAt(), a.events(), a.lastEventAt(), a.scheduledDags());
    }
  }

  record AssetList(List<AssetJson> assets, long totalEntries) {}

  record AssetEventJson(
      long id,
      String uri,
      Instant timestamp,
      String sourceDagId,
      String sourceRunId,
      String sourceTaskId,
      Integer sourceMapIndex,
      String externalBy,
      Map<String, Object> extra) {
    static AssetEventJson of(AssetEvent e) {
      return new AssetEventJson(
          e.id(),
          e.uri(),
          e.at(),
          e.sourceDagId(),
          e.sourceRunId(),
          e.sourceTaskId(),
          e.sourceMapIndex(),
          e.externalBy(),
          e.extra());
    }
  }

  record AssetEventList(List<AssetEventJson> assetEvents, long totalEntries) {}

  private final AssetStore assets;
  private final Clock clock;

  AssetsHandler(AssetStore assets, Clock clock) {
    this.assets = assets;
    this.clock = clock;
  }

  void list(Context ctx) {
    int limit = Paging.limit(ctx);
    int offset = Paging.offset(ctx);
    ctx.json(
        new AssetList(
            assets.assets(limit, offset).stream().map(AssetJson::of).toList(),
            assets.countAssets()));
  }

  void events(Context ctx) {
    int limit = Paging.limit(ctx);
    int offset = Paging.offset(ctx);
    AssetEventFilter filter =
        new AssetEventFilter(
            ctx.queryParam("uri"), ctx.queryParam("dag_id"), ctx.queryParam("run_id"));
    ctx.json(
        new AssetEventList(
            assets.events(filter, limit, offset).stream().map(AssetEventJson::of).toList(),
            assets.countEvents(filter)));
  }

  /** Body {@code {"uri": "...", "extra": {...}}}, checked whole by {@link JsonBodies}. */
  void create(Context ctx) {
    JsonNode body = JsonBodies.object(ctx, "uri", "extra");
    JsonNode uri = body.get("uri");
    if (uri == null || !uri.isTextual()) {
      throw ApiProblem.badRequest(
          "An asset event needs a 'uri' string naming the asset, such as"
              + " {\"uri\": \"s3://bucket/sales.parquet\"}.");
    }
    String checked;
    try {
      checked = Asset.checkUri(uri.asText());
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badRequest(e.getMessage());
    }
    JsonNode extra = body.get("extra");
    if (extra != null && !extra.isNull() && !extra.isObject()) {
      throw ApiProblem.badRequest(
          "'extra' must be a JSON object such as {\"rows\": 42}, got " + extra.getNodeType() + ".");
    }
    Map<String, Object> extraMap =
        extra == null || extra.isNull()
            ? Map.of()
            : Json.parseObject(extra.toString(), "the asset event's 'extra'");
    String by = Caller.of(ctx).user().username();
    AssetEvent event = assets.recordExternal(checked, extraMap, by, clock.instant());
    LOG.info("User {} recorded an update of asset {} (event {})", by, checked, event.id());
    ctx.status(HttpStatus.CREATED).json(AssetEventJson.of(event));
  }
}

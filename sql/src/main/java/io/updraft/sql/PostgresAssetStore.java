package io.updraft.sql;

import io.updraft.core.asset.AssetEvent;
import io.updraft.core.asset.AssetEventFilter;
import io.updraft.core.asset.AssetSummary;
import io.updraft.core.dag.Asset;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.run.AssetStore;
import io.updraft.core.run.DagRun;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;

/** {@link AssetStore} on PostgreSQL. */
public final class PostgresAssetStore implements AssetStore {
  private final DSLContext dsl;

  public PostgresAssetStore(Database database) {
    this.dsl = database.dsl();
  }

  @Override
  public List<AssetSummary> assets(int limit, int offset) {
    return dsl.resultQuery(
            """
            select a.id, a.uri, a.name, a.created_at,
                   (select count(*) from asset_event e where e.asset_id = a.id),
                   (select max(e.created_at) from asset_event e where e.asset_id = a.id),
                   array(select s.dag_id from dag_schedule_asset s where s.asset_id = a.id
                         order by s.dag_id)
            from asset a order by a.uri limit ? offset ?
            """,
            limit,
            offset)
        .fetch(
            r -> {
              OffsetDateTime lastAt = r.get(5, OffsetDateTime.class);
              return new AssetSummary(
                  r.get(0, Long.class),
                  r.get(1, String.class),
                  r.get(2, String.class),
                  r.get(3, OffsetDateTime.class).toInstant(),
                  r.get(4, Long.class),
                  lastAt == null ? null : lastAt.toInstant(),
                  List.of(r.get(6, String[].class)));
            });
  }

  @Override
  public long countAssets() {
    return dsl.resultQuery("select count(*) from asset").fetchSingle(r -> r.get(0, Long.class));
  }

  @Override
  public List<AssetEvent> events(AssetEventFilter filter, int limit, int offset) {
    return PostgresAssetEvents.list(dsl, filter, limit, offset);
  }

  @Override
  public long countEvents(AssetEventFilter filter) {
    return PostgresAssetEvents.count(dsl, filter);
  }

  @Override
  public List<AssetEvent> triggeringEvents(long dagRunId) {
    return PostgresAssetEvents.ofRun(dsl, dagRunId);
  }

  @Override
  public AssetEvent recordExternal(String uri, Map<String, Object> extra, String by, Instant at) {
    return Transactions.result(
        dsl, db -> PostgresAssetEvents.insertExternal(db, Asset.checkUri(uri), extra, by, at));
  }

  @Override
  public List<String> dueDags() {
    return PostgresAssetSchedules.dueDags(dsl);
  }

  @Override
  public Optional<DagRun> triggerIfDue(DagStructure dag, Instant at) {
    return Transactions.result(dsl, db -> PostgresAssetSchedules.triggerIfDue(db, dag, at));
  }
}

package io.updraft.sql;

import io.updraft.core.asset.AssetEvent;
import io.updraft.core.asset.AssetEventFilter;
import io.updraft.core.json.Json;
import io.updraft.core.run.OutletEvent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Record;

/**
 * The rows of {@code asset_event}: written by a task's success (its outlets, in the success's
 * transaction) or by an external producer, and read back for the API and a triggered run.
 */
final class PostgresAssetEvents {
  private PostgresAssetEvents() {}

  private static final String INSERT_ASSETS =
      """
      insert into asset (uri, name, created_at)
      select u, n, ?::timestamptz from unnest(?::varchar[], ?::varchar[]) as t(u, n)
      on conflict (uri) do nothing
      """;

  private static final String INSERT_OUTLET_EVENTS =
      """
      insert into asset_event (asset_id, created_at, source_dag_id, source_run_id, source_task_id,
                               source_map_index)
      select a.id, t.at, t.d, t.r, t.k, t.m
      from unnest(?::varchar[], ?::text[]::timestamptz[], ?::varchar[], ?::varchar[], ?::varchar[],
                  ?::int[]) with ordinality as t(u, at, d, r, k, m, o)
      join asset a on a.uri = t.u
      order by t.o
      """;

  static final String EVENT_COLUMNS =
      """
      e.id, a.uri, e.created_at, e.source_dag_id, e.source_run_id, e.source_task_id,
      e.source_map_index, e.external_by, e.extra
      """;

  /** Writes one event per outlet, creating the assets no DAG registered yet. */
  static void insertOutlets(DSLContext db, List<OutletEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    int n = events.size();
    String[] uris = new String[n];
    String[] names = new String[n];
    String[] ats = new String[n];
    String[] dags = new String[n];
    String[] runs = new String[n];
    String[] tasks = new String[n];
    Integer[] mapIndexes = new Integer[n];
    for (int k = 0; k < n; k++) {
      OutletEvent e = events.get(k);
      uris[k] = e.asset().uri();
      names[k] = e.asset().name();
      ats[k] = e.at().toString();
      dags[k] = e.dagId();
      runs[k] = e.runId();
      tasks[k] = e.taskId();
      mapIndexes[k] = e.mapIndex();
    }
    ensureAssets(db, uris, names, events.getFirst().at());
    db.execute(INSERT_OUTLET_EVENTS, uris, ats, dags, runs, tasks, mapIndexes);
  }

  static void ensureAssets(DSLContext db, String[] uris, String[] names, Instant at) {
    db.execute(INSERT_ASSETS, at.toString(), uris, names);
  }

  static AssetEvent insertExternal(
      DSLContext db, String uri, Map<String, Object> extra, String by, Instant at) {
    ensureAssets(db, new String[] {uri}, new String[] {uri}, at);
    return db.resultQuery(
            """
            with e as (
              insert into asset_event (asset_id, created_at, external_by, extra)
              select id, ?::timestamptz, ?, ?::jsonb from asset where uri = ?
              returning *)
            select
            """
                + EVENT_COLUMNS
                + " from e join asset a on a.id = e.asset_id",
            at.toString(),
            by,
            Json.write(extra),
            uri)
        .fetchSingle(PostgresAssetEvents::event);
  }

  static List<AssetEvent> list(DSLContext db, AssetEventFilter filter, int limit, int offset) {
    List<Object> binds = new ArrayList<>();
    String where = where(filter, binds);
    binds.add(limit);
    binds.add(offset);
    return db.resultQuery(
            "select "
                + EVENT_COLUMNS
                + " from asset_event e join asset a on a.id = e.asset_id"
                + where
                + " order by e.id desc limit ? offset ?",
            binds.toArray())
        .fetch(PostgresAssetEvents::event);
  }

  static long count(DSLContext db, AssetEventFilter filter) {
    List<Object> binds = new ArrayList<>();
    String where = where(filter, binds);
    return db.resultQuery(
            "select count(*) from asset_event e join asset a on a.id = e.asset_id" + where,
            binds.toArray())
        .fetchSingle(r -> r.get(0, Long.class));
  }

  static List<AssetEvent> ofRun(DSLContext db, long dagRunId) {
    return db.resultQuery(
            "select "
                + EVENT_COLUMNS
                + " from dag_run_asset_event l join asset_event e on e.id = l.asset_event_id"
                + " join asset a on a.id = e.asset_id where l.dag_run_id = ? order by e.id",
            dagRunId)
        .fetch(PostgresAssetEvents::event);
  }

  private static String where(AssetEventFilter filter, List<Object> binds) {
    List<String> conditions = new ArrayList<>();
    if (filter.uri() != null) {
      conditions.add("a.uri = ?");
      binds.add(filter.uri());
    }
    if (filter.dagId() != null) {
      conditions.add("e.source_dag_id = ?");
      binds.add(filter.dagId());
    }
    if (filter.runId() != null) {
      conditions.add("e.source_run_id = ?");
      binds.add(filter.runId());
    }
    return conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
  }

  static AssetEvent event(Record r) {
    JSONB extra = r.get(8, JSONB.class);
    Map<String, Object> extraMap =
        extra == null
            ? Map.of()
            : Collections.unmodifiableMap(Json.parseObject(extra.data(), "extra of asset event"));
    return new AssetEvent(
        r.get(0, Long.class),
        r.get(1, String.class),
        r.get(2, OffsetDateTime.class).toInstant(),
        r.get(3, String.class),
        r.get(4, String.class),
        r.get(5, String.class),
        r.get(6, Integer.class),
        r.get(7, String.class),
        extraMap);
  }
}

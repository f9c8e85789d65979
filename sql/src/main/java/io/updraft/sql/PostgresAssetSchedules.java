package io.updraft.sql;

import io.updraft.core.dag.Asset;
import io.updraft.core.dag.DagParams;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.dag.TaskNode;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.RunType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Record;

/**
 * A DAG's asset schedule in the database: the assets it waits for (one row each, with the last
 * event its asset-triggered runs consumed), kept as its registration says, and the creation of an
 * asset-triggered run that consumes the events.
 */
final class PostgresAssetSchedules {
  private PostgresAssetSchedules() {}

  private static final String REGISTER_ASSETS =
      """
      insert into asset (uri, name, created_at)
      select u, n, ?::timestamptz from unnest(?::varchar[], ?::varchar[]) as t(u, n)
      on conflict (uri) do update set name = excluded.name
      where asset.name is distinct from excluded.name and excluded.name <> excluded.uri
      """;

  /**
   * Makes the DAG's schedule assets those of {@code structure}: the assets it names (schedule and
   * outlets) exist, a new schedule asset waits for events after now (not for older ones, as in
   * Airflow), and one no longer named is dropped.
   */
  static void register(DSLContext db, DagStructure structure, Instant at) {
    Set<Asset> named = new LinkedHashSet<>(structure.scheduleAssets());
    for (TaskNode task : structure.tasks()) {
      named.addAll(task.outlets());
    }
    String[] scheduled = structure.scheduleAssets().stream().map(Asset::uri).toArray(String[]::new);
    if (!named.isEmpty()) {
      db.execute(
          REGISTER_ASSETS,
          at.toString(),
          named.stream().map(Asset::uri).toArray(String[]::new),
          named.stream().map(Asset::name).toArray(String[]::new));
    }
    db.execute(
        """
        delete from dag_schedule_asset s using asset a
        where s.dag_id = ? and a.id = s.asset_id and not a.uri = any(?::varchar[])
        """,
        structure.dagId(),
        scheduled);
    if (scheduled.length > 0) {
      db.execute(
          """
          insert into dag_schedule_asset (dag_id, asset_id, last_consumed_event_id)
          select ?, a.id, coalesce((select max(e.id) from asset_event e where e.asset_id = a.id), 0)
          from asset a where a.uri = any(?::varchar[])
          on conflict do nothing
          """,
          structure.dagId(),
          scheduled);
    }
  }

  static List<String> dueDags(DSLContext db) {
    return db.resultQuery(
            """
            select d.dag_id from dag d
            where not d.is_paused and d.is_active
              and exists (select 1 from dag_schedule_asset s where s.dag_id = d.dag_id)
              and not exists (
                select 1 from dag_schedule_asset s
                where s.dag_id = d.dag_id
                  and not exists (select 1 from asset_event e
                                  where e.asset_id = s.asset_id
                                    and e.id > s.last_consumed_event_id))
            order by d.dag_id
            """)
        .fetch(r -> r.get(0, String.class));
  }

  /** See {@code AssetStore.triggerIfDue}; runs in the caller's transaction. */
  static Optional<DagRun> triggerIfDue(DSLContext db, DagStructure dag, Instant at) {
    // The DAG's marks, locked: a second scheduler waits here, then finds them consumed.
    List<Long> assets =
        db.resultQuery(
                """
                select s.asset_id from dag_schedule_asset s join dag d on d.dag_id = s.dag_id
                where s.dag_id = ? and not d.is_paused and d.is_active
                order by s.asset_id for update of s
                """,
                dag.dagId())
            .fetch(r -> r.get(0, Long.class));
    if (assets.isEmpty()) {
      return Optional.empty();
    }
    List<Record> unconsumed =
        List.copyOf(
            db.resultQuery(
                    """
                    select e.asset_id, e.id, e.created_at
                    from dag_schedule_asset s
                    join asset_event e
                      on e.asset_id = s.asset_id and e.id > s.last_consumed_event_id
                    where s.dag_id = ?
                    order by e.id
                    """,
                    dag.dagId())
                .fetch());
    Map<Long, Long> newestByAsset = new HashMap<>();
    List<Long> eventIds = new ArrayList<>();
    Instant first = null;
    Instant last = null;
    for (Record r : unconsumed) {
      newestByAsset.merge(r.get(0, Long.class), r.get(1, Long.class), Math::max);
      eventIds.add(r.get(1, Long.class));
      Instant eventAt = r.get(2, OffsetDateTime.class).toInstant();
      first = first == null || eventAt.isBefore(first) ? eventAt : first;
      last = last == null || eventAt.isAfter(last) ? eventAt : last;
    }
    if (!newestByAsset.keySet().containsAll(assets)) {
      return Optional.empty();
    }
    Instant logicalDate = at.truncatedTo(ChronoUnit.MICROS);
    NewDagRun run =
        new NewDagRun(
            dag.dagId(),
            NewDagRun.runIdFor(RunType.ASSET_TRIGGERED, logicalDate),
            RunType.ASSET_TRIGGERED,
            logicalDate,
            first,
            last,
            DagParams.resolve(dag.dagId(), dag.params(), Map.of()));
    Optional<DagRun> created = PostgresRunStore.createRun(db, run, dag, at);
    if (created.isEmpty()) {
      // A run at this very instant exists: the events stay for the next pass.
      return created;
    }
    for (Map.Entry<Long, Long> consumed : newestByAsset.entrySet()) {
      db.execute(
          "update dag_schedule_asset set last_consumed_event_id = ? where dag_id = ? and asset_id = ?",
          consumed.getValue(),
          dag.dagId(),
          consumed.getKey());
    }
    db.execute(
        """
        insert into dag_run_asset_event (dag_run_id, asset_event_id)
        select ?, unnest(?::bigint[])
        """,
        created.get().id(),
        eventIds.toArray(Long[]::new));
    return created;
  }
}

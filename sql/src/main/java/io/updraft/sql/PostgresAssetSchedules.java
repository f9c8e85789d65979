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
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Record;

/**
 * A DAG's asset schedule in the database: the assets it waits for (one row each), kept as its
 * registration says, and the creation of an asset-triggered run that consumes the events queued for
 * it ({@code asset_dag_run_queue}, filled by the insert of each event).
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
          insert into dag_schedule_asset (dag_id, asset_id)
          select ?, a.id from asset a where a.uri = any(?::varchar[])
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
                  and not exists (select 1 from asset_dag_run_queue q
                                  where q.dag_id = s.dag_id and q.asset_id = s.asset_id))
            order by d.dag_id
            """)
        .fetch(r -> r.get(0, String.class));
  }

  /** See {@code AssetStore.triggerIfDue}; runs in the caller's transaction. */
  static Optional<DagRun> triggerIfDue(DSLContext db, DagStructure dag, Instant at) {
    // The DAG's schedule rows, locked: a second scheduler waits here, then finds the events
    // consumed. "No key update" leaves a producer free to queue an event meanwhile (its foreign key
    // check takes a key-share lock on these rows, which a plain "for update" would block).
    List<Long> assets =
        db.resultQuery(
                """
                select s.asset_id from dag_schedule_asset s join dag d on d.dag_id = s.dag_id
                where s.dag_id = ? and not d.is_paused and d.is_active
                order by s.asset_id for no key update of s
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
                    select q.asset_id, e.id, e.created_at
                    from asset_dag_run_queue q
                    join asset_event e on e.id = q.asset_event_id
                    where q.dag_id = ?
                    order by e.id
                    """,
                    dag.dagId())
                .fetch());
    Set<Long> assetsUpdated = new HashSet<>();
    List<Long> eventIds = new ArrayList<>();
    Instant first = null;
    Instant last = null;
    for (Record r : unconsumed) {
      assetsUpdated.add(r.get(0, Long.class));
      eventIds.add(r.get(1, Long.class));
      Instant eventAt = r.get(2, OffsetDateTime.class).toInstant();
      first = first == null || eventAt.isBefore(first) ? eventAt : first;
      last = last == null || eventAt.isAfter(last) ? eventAt : last;
    }
    if (!assetsUpdated.containsAll(assets)) {
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
    Optional<DagRun> created = PostgresRunCreation.createRun(db, run, dag, at);
    if (created.isEmpty()) {
      // A run at this very instant exists: the events stay for the next pass.
      return created;
    }
    // Only the events read above: one queued since stays for the next run.
    db.execute(
        "delete from asset_dag_run_queue where dag_id = ? and asset_event_id = any(?::bigint[])",
        dag.dagId(),
        eventIds.toArray(Long[]::new));
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

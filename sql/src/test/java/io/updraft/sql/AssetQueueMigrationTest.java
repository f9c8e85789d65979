package io.updraft.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.testing.PostgresExtension;
import java.util.List;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * V043 replaces each DAG's high-water mark of consumed asset events with a queue of unconsumed
 * ones: the events past a mark before the upgrade are still to be consumed after it.
 */
@ExtendWith(PostgresExtension.class)
class AssetQueueMigrationTest {

  @Test
  void events_past_a_dags_mark_are_queued_for_it_and_those_below_are_not() {
    try (Database database = MigratedDatabase.upTo("41")) {
      DSLContext sql = database.dsl();
      sql.execute(
          """
          insert into dag (dag_id, structure, version_hash, created_at, updated_at)
          values ('consumer', '{}', 'h', now(), now())
          """);
      sql.execute(
          "insert into asset (uri, name, created_at) values ('s3://b/k', 's3://b/k', now())");
      List<Long> events =
          sql.resultQuery(
                  """
                  insert into asset_event (asset_id, created_at)
                  select a.id, now() from asset a, generate_series(1, 3) returning id
                  """)
              .fetch(r -> r.get(0, Long.class));
      sql.execute(
          """
          insert into dag_schedule_asset (dag_id, asset_id, last_consumed_event_id)
          select 'consumer', id, ? from asset
          """,
          events.get(1));

      database.migrate();

      assertThat(
              sql.resultQuery(
                      "select asset_event_id from asset_dag_run_queue where dag_id = 'consumer'")
                  .fetch(r -> r.get(0, Long.class)))
          .containsExactly(events.get(2));
      assertThat(new PostgresAssetStore(database).dueDags()).containsExactly("consumer");
    }
  }
}

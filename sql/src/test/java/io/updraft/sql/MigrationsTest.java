package io.updraft.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.updraft.core.config.DatabaseConfig;
import io.updraft.testing.PostgresExtension;
import java.time.Instant;
import java.util.List;
import org.jooq.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(PostgresExtension.class)
class MigrationsTest {
  // A database of its own: the shared one is truncated after each test, seed rows included.
  @RegisterExtension static final MigratedDatabase postgres = MigratedDatabase.ofItsOwn();

  @Test
  void migrations_apply_to_an_empty_database_and_only_once() {
    // Every migration file, whichever features added them.
    assertThat(postgres.applied()).isEqualTo(migrationFiles());
    assertThat(postgres.database().migrate()).isZero();
  }

  @Test
  void migrations_create_the_metastore_and_quartz_tables() {
    List<String> tables =
        postgres
            .database()
            .dsl()
            .select(field(name("tablename"), String.class))
            .from(table(name("pg_tables")))
            .where(field(name("schemaname")).eq("public"))
            .fetch(0, String.class);

    assertThat(tables)
        .contains(
            "dag",
            "dag_run",
            "task_instance",
            "task_instance_history",
            "xcom",
            "task_log",
            "connection",
            "variable",
            "pool",
            "worker",
            "qrtz_job_details",
            "qrtz_triggers",
            "qrtz_cron_triggers",
            "qrtz_fired_triggers",
            "qrtz_scheduler_state",
            "qrtz_locks");
  }

  @Test
  void the_default_pool_exists_with_128_slots() {
    Record pool =
        postgres
            .database()
            .dsl()
            .fetchSingle("select pool, slots from pool where pool = 'default_pool'");

    assertThat(pool.get("slots", Integer.class)).isEqualTo(128);
  }

  @Test
  void health_reports_the_database_up_and_the_last_scheduler_checkin() {
    PostgresHealth health = new PostgresHealth(postgres.database());
    assertThat(health.databaseUp()).isTrue();
    assertThat(health.lastSchedulerCheckin()).isEmpty();

    Instant checkin = Instant.parse("2026-01-01T00:00:05Z");
    postgres
        .database()
        .dsl()
        .execute(
            "insert into qrtz_scheduler_state values ('updraft', 'node-1', ?, 7500)",
            checkin.toEpochMilli());
    postgres
        .database()
        .dsl()
        .execute(
            "insert into qrtz_scheduler_state values ('updraft', 'node-2', ?, 7500)",
            checkin.minusSeconds(60).toEpochMilli());

    assertThat(health.lastSchedulerCheckin()).contains(checkin);
  }

  @Test
  void a_connection_error_names_the_url_but_not_the_password() {
    DatabaseConfig config =
        new DatabaseConfig(
            "jdbc:postgresql://127.0.0.1:1/updraft?password=hunter2", "updraft", "hunter2", 1);

    assertThatThrownBy(() -> Database.connect(config))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("jdbc:postgresql://127.0.0.1:1/updraft?password=***")
        .hasMessageContaining("Check that the server is running")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void connecting_without_a_url_says_what_to_set() {
    assertThatThrownBy(() -> Database.connect(DatabaseConfig.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("UPDRAFT_DATABASE__URL");
  }

  private static int migrationFiles() {
    try (java.util.stream.Stream<java.nio.file.Path> files =
        java.nio.file.Files.list(java.nio.file.Path.of("src/main/resources/db/migration"))) {
      return (int)
          files.filter(f -> f.getFileName().toString().matches("(V\\d+|R)__.*\\.sql")).count();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

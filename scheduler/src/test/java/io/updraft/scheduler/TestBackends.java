package io.updraft.scheduler;

import io.updraft.core.config.DatabaseConfig;
import io.updraft.queue.RedisClients;
import io.updraft.queue.RedisRunEvents;
import io.updraft.queue.RedisTaskQueue;
import io.updraft.sql.Database;
import io.updraft.sql.PostgresDagStore;
import io.updraft.sql.PostgresImportErrorStore;
import io.updraft.sql.PostgresRunStore;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.RedisExtension;
import java.time.Clock;
import java.time.Duration;

/**
 * The test PostgreSQL (migrated) and Redis, with the stores, queue and events the scheduler's
 * duties use, on the test's clock.
 */
final class TestBackends implements AutoCloseable {
  final Database database;
  final RedisTaskQueue queue;
  final RedisRunEvents events;
  final PostgresRunStore runs;
  final PostgresDagStore dags;
  final PostgresImportErrorStore importErrors;

  TestBackends(Clock clock) {
    var db = PostgresExtension.database();
    database = Database.connect(new DatabaseConfig(db.jdbcUrl(), db.user(), db.password(), 4));
    database.migrate();
    queue =
        new RedisTaskQueue(
            RedisClients.create(RedisExtension.url()),
            RedisExtension.namespace(),
            Duration.ofMinutes(5));
    events =
        new RedisRunEvents(RedisClients.create(RedisExtension.url()), RedisExtension.namespace());
    runs = new PostgresRunStore(database, clock);
    dags = new PostgresDagStore(database);
    importErrors = new PostgresImportErrorStore(database);
  }

  @Override
  public void close() {
    events.close();
    queue.close();
    database.close();
  }
}

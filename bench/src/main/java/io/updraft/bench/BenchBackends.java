package io.updraft.bench;

import io.updraft.core.config.DatabaseConfig;
import io.updraft.queue.RedisClients;
import io.updraft.queue.RedisRunEvents;
import io.updraft.queue.RedisTaskQueue;
import io.updraft.sql.Database;
import io.updraft.sql.PostgresDagStore;
import io.updraft.sql.PostgresRunStore;
import io.updraft.sql.PostgresTaskLogStore;
import io.updraft.sql.PostgresWorkerStore;
import io.updraft.sql.PostgresXComStore;
import java.time.Clock;
import java.time.Duration;

/** The stores and queue of one benchmark process, from the URLs the orchestrator passes on. */
final class BenchBackends implements AutoCloseable {
  final Clock clock = Clock.systemUTC();
  final Database database;
  final PostgresDagStore dags;
  final PostgresRunStore runs;
  final PostgresXComStore xcoms;
  final PostgresTaskLogStore logs;
  final PostgresWorkerStore workers;
  final RedisTaskQueue queue;
  final RedisRunEvents events;

  BenchBackends(BenchSettings s, int poolSize) {
    database = Database.connect(new DatabaseConfig(s.jdbcUrl(), s.user(), s.password(), poolSize));
    dags = new PostgresDagStore(database);
    runs = new PostgresRunStore(database, clock);
    xcoms = new PostgresXComStore(database);
    logs = new PostgresTaskLogStore(database);
    workers = new PostgresWorkerStore(database);
    queue =
        new RedisTaskQueue(
            RedisClients.create(s.redisUrl(), "bench-queue"), s.namespace(), Duration.ofMinutes(5));
    events = new RedisRunEvents(RedisClients.create(s.redisUrl(), "bench-events"), s.namespace());
  }

  @Override
  public void close() {
    events.close();
    queue.close();
    database.close();
  }
}

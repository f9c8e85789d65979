package io.updraft.cli;

import io.updraft.cli.trace.ProcessTraces;
import io.updraft.core.config.RemoteLogsConfig;
import io.updraft.core.config.UpdraftConfig;
import io.updraft.core.hook.ConnectionLookup;
import io.updraft.core.hook.Hooks;
import io.updraft.core.metrics.MetricsRecorder;
import io.updraft.core.run.RemoteLogStorage;
import io.updraft.core.run.TaskLogStore;
import io.updraft.core.run.TieredTaskLogStore;
import io.updraft.core.secrets.Requester;
import io.updraft.core.secrets.SecretsChain;
import io.updraft.hooks.aws.S3LogStorage;
import io.updraft.queue.RedisClients;
import io.updraft.queue.RedisRunEvents;
import io.updraft.queue.RedisTaskQueue;
import io.updraft.sql.Database;
import io.updraft.sql.PostgresDagStore;
import io.updraft.sql.PostgresHealth;
import io.updraft.sql.PostgresImportErrorStore;
import io.updraft.sql.PostgresRenderedFieldsStore;
import io.updraft.sql.PostgresRunStore;
import io.updraft.sql.PostgresShippedLogs;
import io.updraft.sql.PostgresTaskLogStore;
import io.updraft.sql.PostgresUserStore;
import io.updraft.sql.PostgresWorkerStore;
import io.updraft.sql.PostgresXComStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The shared parts every process composes from: the database and its stores, the Redis queue and
 * run events. Redis is opened only when configured, since admin commands can do without it.
 */
final class Backends implements AutoCloseable {
  /** How long a reserved message may stay unacked before another worker gets it. */
  private static final Duration REDELIVER_AFTER = Duration.ofMinutes(5);

  final UpdraftConfig config;
  final Clock clock = Clock.systemUTC();
  final Database database;
  final PostgresDagStore dags;
  final PostgresImportErrorStore importErrors;
  final PostgresRunStore runs;
  final PostgresXComStore xcoms;
  final PostgresTaskLogStore logs;
  final PostgresRenderedFieldsStore renderedFields;
  final PostgresHealth health;
  final PostgresWorkerStore workers;
  final PostgresUserStore users;
  private RedisTaskQueue queue;
  private RedisRunEvents events;
  private final List<AutoCloseable> opened = new ArrayList<>();
  private ProcessMetrics metrics;
  private MetricsRecorder recorder;
  private TaskLogStore logReader;

  private Backends(UpdraftConfig config, Database database) {
    this.config = config;
    this.database = opened(database);
    this.dags = new PostgresDagStore(database);
    this.importErrors = new PostgresImportErrorStore(database);
    this.runs = new PostgresRunStore(database, clock);
    this.xcoms = new PostgresXComStore(database);
    this.logs = new PostgresTaskLogStore(database);
    this.renderedFields = new PostgresRenderedFieldsStore(database);
    this.health = new PostgresHealth(database);
    this.workers = new PostgresWorkerStore(database);
    this.users = new PostgresUserStore(database);
  }

  /** Connects to the database (migrating it when asked) and to Redis when configured. */
  static Backends open(UpdraftConfig config, boolean migrate) {
    return open(config, migrate, Database.connect(config.database()));
  }

  /**
   * For a command that does one thing and exits: a pool of {@link Database#connectForCommand} and
   * no schema migration. Redis is reached only if the command uses it.
   */
  static Backends forCommand(UpdraftConfig config) {
    return open(config, false, Database.connectForCommand(config.database()));
  }

  private static Backends open(UpdraftConfig config, boolean migrate, Database database) {
    try {
      if (migrate) {
        database.migrate();
      }
      return new Backends(config, database);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  /**
   * The one log reader of this process: PostgreSQL, and with logs.remote on, the shipped copy of a
   * finished try, read through the remote connection found in this process's secrets chain.
   */
  synchronized TaskLogStore logReader() {
    if (logReader == null) {
      RemoteLogsConfig remote = config.logs().remote();
      logReader =
          remote.isOn()
              ? new TieredTaskLogStore(
                  logs, new PostgresShippedLogs(database), remoteLogs(remote, "log reader"))
              : logs;
    }
    return logReader;
  }

  /**
   * The remote log storage of logs.remote, opening its connection through this process's secrets
   * chain as {@code who}.
   */
  RemoteLogStorage remoteLogs(RemoteLogsConfig remote, String who) {
    SecretsChain chain = SecretsAccess.processChain(config, database, clock, read -> {});
    Hooks hooks =
        opened(
            Hooks.load(
                ConnectionLookup.secrets(chain, Requester.component(who)),
                Thread.currentThread().getContextClassLoader()));
    return new S3LogStorage(hooks, remote.connectionId(), remote.base());
  }

  /** The task queue; null when no Redis is configured. Connects on first use. */
  synchronized RedisTaskQueue queue() {
    if (queue == null && config.redis().isConfigured()) {
      queue =
          opened(
              new RedisTaskQueue(
                  RedisClients.create(config.redis().url(), "updraft-queue"),
                  config.redis().namespace(),
                  REDELIVER_AFTER));
    }
    return queue;
  }

  /** The run events; null when no Redis is configured. Connects on first use. */
  synchronized RedisRunEvents events() {
    if (events == null && config.redis().isConfigured()) {
      events =
          opened(
              new RedisRunEvents(
                  RedisClients.create(config.redis().url(), "updraft-events"),
                  config.redis().namespace()));
    }
    return events;
  }

  /** Fails with a clear message when a process that needs Redis has none configured. */
  Backends requireRedis() {
    if (queue() == null) {
      throw new UserError(
          "No Redis configured: set redis.url in the config file (or UPDRAFT_REDIS__URL), or start"
              + " './updraft standalone'.");
    }
    return this;
  }

  /**
   * The process's one metrics registry, made on first use (admin commands never need one), with the
   * JVM and the database pool reporting into it.
   */
  synchronized ProcessMetrics metrics() {
    if (metrics == null) {
      metrics = opened(new ProcessMetrics());
      metrics.watchPool(database.dataSource());
    }
    return metrics;
  }

  /**
   * Where the scheduler and workers of this process report what they did: the metrics, and with
   * {@code traces.otlp_endpoint} set the traces of runs and tries as well. Without it, nothing of
   * OpenTelemetry is loaded or started.
   */
  synchronized MetricsRecorder recorder() {
    if (recorder == null) {
      recorder = metrics().recorder();
      if (config.traces().isEnabled()) {
        recorder = opened(ProcessTraces.start(config.traces())).recording(recorder);
      }
    }
    return recorder;
  }

  private <T extends AutoCloseable> T opened(T resource) {
    opened.add(resource);
    return resource;
  }

  @Override
  public void close() {
    for (AutoCloseable resource : opened.reversed()) {
      try {
        resource.close();
      } catch (Exception e) {
        // Closing on the way out: nothing useful left to do with the error.
      }
    }
  }
}

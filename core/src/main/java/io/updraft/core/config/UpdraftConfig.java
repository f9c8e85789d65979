package io.updraft.core.config;

/**
 * All of Updraft's configuration: one YAML file whose sections are these fields, each key
 * overridable by an environment variable {@code UPDRAFT_<SECTION>__<KEY>}.
 */
public record UpdraftConfig(
    DatabaseConfig database,
    RedisConfig redis,
    ApiConfig api,
    WorkerConfig worker,
    SchedulerConfig scheduler,
    SecretsConfig secrets,
    DagsConfig dags,
    LogsConfig logs,
    TracesConfig traces) {

  public UpdraftConfig {
    database = database == null ? DatabaseConfig.defaults() : database;
    redis = redis == null ? RedisConfig.defaults() : redis;
    api = api == null ? ApiConfig.defaults() : api;
    worker = worker == null ? WorkerConfig.defaults() : worker;
    scheduler = scheduler == null ? SchedulerConfig.defaults() : scheduler;
    secrets = secrets == null ? SecretsConfig.defaults() : secrets;
    dags = dags == null ? DagsConfig.defaults() : dags;
    logs = logs == null ? LogsConfig.defaults() : logs;
    traces = traces == null ? TracesConfig.defaults() : traces;
  }

  public UpdraftConfig(
      DatabaseConfig database,
      RedisConfig redis,
      ApiConfig api,
      WorkerConfig worker,
      SchedulerConfig scheduler,
      SecretsConfig secrets,
      DagsConfig dags,
      LogsConfig logs) {
    this(database, redis, api, worker, scheduler, secrets, dags, logs, null);
  }

  public UpdraftConfig(
      DatabaseConfig database,
      RedisConfig redis,
      ApiConfig api,
      WorkerConfig worker,
      SchedulerConfig scheduler,
      SecretsConfig secrets,
      DagsConfig dags) {
    this(database, redis, api, worker, scheduler, secrets, dags, null);
  }

  public UpdraftConfig(
      DatabaseConfig database,
      RedisConfig redis,
      ApiConfig api,
      WorkerConfig worker,
      SchedulerConfig scheduler,
      SecretsConfig secrets) {
    this(database, redis, api, worker, scheduler, secrets, null);
  }

  public static UpdraftConfig defaults() {
    return new UpdraftConfig(null, null, null, null, null, null);
  }

  public UpdraftConfig withDatabase(DatabaseConfig value) {
    return new UpdraftConfig(value, redis, api, worker, scheduler, secrets, dags, logs, traces);
  }

  public UpdraftConfig withRedis(RedisConfig value) {
    return new UpdraftConfig(database, value, api, worker, scheduler, secrets, dags, logs, traces);
  }

  public UpdraftConfig withApi(ApiConfig value) {
    return new UpdraftConfig(
        database, redis, value, worker, scheduler, secrets, dags, logs, traces);
  }

  public UpdraftConfig withWorker(WorkerConfig value) {
    return new UpdraftConfig(database, redis, api, value, scheduler, secrets, dags, logs, traces);
  }

  public UpdraftConfig withScheduler(SchedulerConfig value) {
    return new UpdraftConfig(database, redis, api, worker, value, secrets, dags, logs, traces);
  }

  public UpdraftConfig withSecrets(SecretsConfig value) {
    return new UpdraftConfig(database, redis, api, worker, scheduler, value, dags, logs, traces);
  }

  public UpdraftConfig withDags(DagsConfig value) {
    return new UpdraftConfig(database, redis, api, worker, scheduler, secrets, value, logs, traces);
  }

  public UpdraftConfig withLogs(LogsConfig value) {
    return new UpdraftConfig(database, redis, api, worker, scheduler, secrets, dags, value, traces);
  }

  public UpdraftConfig withTraces(TracesConfig value) {
    return new UpdraftConfig(database, redis, api, worker, scheduler, secrets, dags, logs, value);
  }
}

package io.updraft.api;

import io.updraft.core.auth.Passwords;
import io.updraft.core.auth.Role;
import io.updraft.core.auth.UserAccounts;
import io.updraft.core.config.DatabaseConfig;
import io.updraft.core.dag.Dag;
import io.updraft.core.dag.DagStructure;
import io.updraft.core.hook.ConnectionLookup;
import io.updraft.core.hook.HookFactory;
import io.updraft.core.hook.Hooks;
import io.updraft.core.hook.SharedPools;
import io.updraft.core.run.DagRun;
import io.updraft.core.run.NewDagRun;
import io.updraft.core.run.RunType;
import io.updraft.core.run.StoredDag;
import io.updraft.core.run.TaskChange;
import io.updraft.core.run.TaskInstance;
import io.updraft.core.state.RunState;
import io.updraft.core.state.TaskState;
import io.updraft.sql.Database;
import io.updraft.sql.FernetCipher;
import io.updraft.sql.PostgresAssetStore;
import io.updraft.sql.PostgresDagStore;
import io.updraft.sql.PostgresEventLog;
import io.updraft.sql.PostgresHealth;
import io.updraft.sql.PostgresImportErrorStore;
import io.updraft.sql.PostgresPoolStore;
import io.updraft.sql.PostgresRenderedFieldsStore;
import io.updraft.sql.PostgresRunAdmin;
import io.updraft.sql.PostgresRunBrowser;
import io.updraft.sql.PostgresRunStore;
import io.updraft.sql.PostgresSecretsBackend;
import io.updraft.sql.PostgresTaskLogStore;
import io.updraft.sql.PostgresUserStore;
import io.updraft.sql.PostgresWorkerDirectory;
import io.updraft.sql.PostgresXComStore;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.TestDatabase;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A started {@link ApiServer} on a free port over the real PostgreSQL stores of the test database,
 * with helpers that seed data the way the scheduler and workers write it.
 */
final class TestApi implements AutoCloseable {
  /** What the test server's /metrics serves. */
  static final String METRICS = "# TYPE updraft_test_up gauge\nupdraft_test_up 1.0\n";

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  final Database database;
  final PostgresDagStore dags;
  final PostgresImportErrorStore importErrors;
  final PostgresRunStore runs;
  final PostgresHealth health;
  final PostgresUserStore users;
  final PostgresTaskLogStore logs;
  final PostgresRenderedFieldsStore renderedFields;
  final PostgresXComStore xcoms;
  final PostgresPoolStore pools;
  UserAccounts accounts;
  final PostgresSecretsBackend metastore;

  /** The runs the scheduler was told of, in order: those created queued, and those changed. */
  final List<Long> changedRuns = new CopyOnWriteArrayList<>();

  /** Every run the API created, in order, as the dag runs metric counts them. */
  final List<DagRun> createdRuns = new CopyOnWriteArrayList<>();

  private ApiServer server;
  private boolean connectionTests;
  private final List<HookFactory> hookFactories = new ArrayList<>(List.of(new TcpHookFactory()));
  private Hooks hooks;

  private TestApi(Database database) {
    this.database = database;
    this.dags = new PostgresDagStore(database);
    this.importErrors = new PostgresImportErrorStore(database);
    this.runs = new PostgresRunStore(database, Clock.systemUTC());
    this.health = new PostgresHealth(database);
    this.users = new PostgresUserStore(database);
    this.logs = new PostgresTaskLogStore(database);
    this.renderedFields = new PostgresRenderedFieldsStore(database);
    this.xcoms = new PostgresXComStore(database);
    this.pools = new PostgresPoolStore(database);
    // Few PBKDF2 rounds: tests sign in often, and the hash format is the same.
    this.accounts = new UserAccounts(users, new Passwords(1_000), Clock.systemUTC());
    this.metastore =
        new PostgresSecretsBackend(database, new FernetCipher(List.of(FernetCipher.generateKey())));
  }

  /** Connects to the test database and migrates it; call {@link #start} next. */
  static TestApi connect() {
    TestDatabase db = PostgresExtension.database();
    Database database =
        Database.connect(new DatabaseConfig(db.jdbcUrl(), db.user(), db.password(), 4));
    database.migrate();
    return new TestApi(database);
  }

  /**
   * Migrates the test database, then connects to it at {@code jdbcUrl} (the same database, reached
   * another way, e.g. through a proxy that a test can cut).
   */
  static TestApi connectAt(String jdbcUrl) {
    TestDatabase db = PostgresExtension.database();
    try (Database direct =
        Database.connect(new DatabaseConfig(db.jdbcUrl(), db.user(), db.password(), 2))) {
      direct.migrate();
    }
    return new TestApi(Database.connect(new DatabaseConfig(jdbcUrl, db.user(), db.password(), 4)));
  }

  /** Signs users in through {@code accounts} (e.g. slow hashing, tight limits); then start. */
  TestApi withAccounts(UserAccounts accounts) {
    this.accounts = accounts;
    return this;
  }

  /**
   * Turns connection tests on (api.connection_test) and installs {@code more} hooks; then start.
   */
  TestApi withConnectionTests(HookFactory... more) {
    connectionTests = true;
    hookFactories.addAll(List.of(more));
    return this;
  }

  /** The hooks the server tests connections with. */
  Hooks hooks() {
    return hooks;
  }

  /** Serves with every probe real: this database, the given Redis URL and Quartz's check-ins. */
  TestApi start(String redisUrl, Clock clock) {
    return start(
        new HealthProbe(
            health::databaseUp, redisPing(redisUrl), health::lastSchedulerCheckin, clock));
  }

  /** Serves for tests that do not look at health: Redis and the scheduler count as down. */
  TestApi start() {
    return start(
        new HealthProbe(health::databaseUp, () -> false, Optional::empty, Clock.systemUTC()));
  }

  TestApi start(HealthProbe probe) {
    return start(probe, metastore);
  }

  /** Serves over {@code secrets}, e.g. a metastore without a Fernet key. */
  TestApi start(PostgresSecretsBackend secrets) {
    return start(
        new HealthProbe(health::databaseUp, () -> false, Optional::empty, Clock.systemUTC()),
        secrets);
  }

  TestApi start(HealthProbe probe, PostgresSecretsBackend secrets) {
    hooks = new Hooks(ConnectionLookup.of(Map.of()), hookFactories, new SharedPools());
    server =
        new ApiServer(
                new ApiServices(
                    dags,
                    importErrors,
                    runs,
                    new PostgresRunBrowser(database),
                    new PostgresRunAdmin(database),
                    logs,
                    renderedFields,
                    pools,
                    new PostgresWorkerDirectory(database),
                    accounts,
                    probe,
                    changedRuns::add,
                    createdRuns::add,
                    Clock.systemUTC(),
                    secrets,
                    hooks,
                    () -> METRICS,
                    connectionTests,
                    new PostgresAssetStore(database),
                    new PostgresEventLog(database),
                    null))
            .start("127.0.0.1", 0);
    return this;
  }

  ApiServer server() {
    return server;
  }

  /** A client signed in with basic auth as an admin. */
  ApiClient client() {
    return as(Role.ADMIN);
  }

  /** A client signed in with basic auth as a user with {@code role}, created when missing. */
  ApiClient as(Role role) {
    String username = role.wireName() + "-user";
    return ApiClient.basic(server, username, user(username, role));
  }

  /** A client with no credentials at all. */
  ApiClient anonymous() {
    return ApiClient.anonymous(server);
  }

  /** Ensures the user exists (tables are emptied after each test) and returns its password. */
  String user(String username, Role role) {
    String password = "password-of-" + username;
    if (users.find(username).isEmpty()) {
      accounts.create(username, role, password);
    }
    return password;
  }

  /** A real PING, as the composition root does; a Redis that cannot be reached is down. */
  static BooleanSupplier redisPing(String url) {
    return () -> {
      // RESP2, as Redis 6.2 speaks; auto-negotiation would only log a warning on every ping.
      DefaultJedisClientConfig config =
          DefaultJedisClientConfig.builder()
              .timeoutMillis(2_000)
              .autoNegotiateProtocol(false)
              .build();
      try (Jedis jedis = new Jedis(URI.create(url), config)) {
        return "PONG".equals(jedis.ping());
      } catch (JedisException e) {
        return false;
      }
    };
  }

  StoredDag save(Dag dag) {
    DagStructure structure = dag.structure();
    dags.save(structure, T0);
    return dags.find(structure.dagId()).orElseThrow();
  }

  DagRun run(Dag dag, String runId, Instant logicalDate, RunState state) {
    NewDagRun request =
        new NewDagRun(
            dag.id(), runId, RunType.MANUAL, logicalDate, logicalDate, logicalDate, Map.of());
    DagRun created = runs.createRun(request, dag.structure()).orElseThrow();
    if (state != RunState.QUEUED) {
      if (state.isTerminal()) {
        runs.setRunState(created.id(), RunState.RUNNING, logicalDate.plusSeconds(1));
      }
      runs.setRunState(created.id(), state, logicalDate.plusSeconds(60));
    }
    return runs.findRun(created.id()).orElseThrow();
  }

  /** Moves a task instance through {@code path} one fenced change at a time, as a worker would. */
  TaskInstance move(TaskInstance ti, String worker, Instant at, TaskState... path) {
    TaskInstance current = ti;
    Instant when = at;
    for (TaskState to : path) {
      TaskChange change =
          new TaskChange(
              current.id(),
              current.tryNumber(),
              current.state(),
              to,
              when,
              false,
              null,
              to == TaskState.RUNNING ? worker : null);
      if (!runs.apply(change)) {
        throw new IllegalStateException("Fence did not match for " + change);
      }
      current = runs.findTaskInstance(current.id()).orElseThrow();
      when = when.plusSeconds(1);
    }
    return current;
  }

  List<TaskInstance> taskInstances(DagRun run) {
    return runs.taskInstances(run.id());
  }

  /**
   * Records a Quartz scheduler check-in, as a running clustered scheduler does every few seconds.
   */
  void schedulerCheckedIn(Instant at) {
    database
        .dsl()
        .execute(
            "insert into qrtz_scheduler_state"
                + " (sched_name, instance_name, last_checkin_time, checkin_interval)"
                + " values ('updraft', 'node-1', ?, 7500)",
            at.toEpochMilli());
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
    database.close();
  }
}

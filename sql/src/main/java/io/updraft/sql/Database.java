package io.updraft.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.updraft.core.config.DatabaseConfig;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * The metastore connection: one HikariCP pool per process (one plain connection for a one-shot
 * command), Flyway migrations from {@code classpath:db/migration}, and a jOOQ {@link DSLContext}
 * over it; and a second, tiny pool with short timeouts for health checks, made when first asked.
 */
public final class Database implements AutoCloseable {
  /**
   * How long a caller waits for a connection from the pool. Shorter than HikariCP's 30 s: while the
   * server is down every API request and every loop would hang that long before failing (the API
   * then answers 503 and the loops try again); a pool that cannot lend a connection in 5 s is down
   * or overloaded either way.
   */
  static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);

  /**
   * How long a health check waits for its connection. A health check must answer within a second
   * when the database is down, so it does not share the pool's timeout (nor its connections: a busy
   * pool is not a dead database).
   */
  static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);

  static {
    // jOOQ prints a banner and a "tip of the day" on first use; they only clutter process logs.
    setIfAbsent("org.jooq.no-logo", "true");
    setIfAbsent("org.jooq.no-tips", "true");
  }

  private final DataSource dataSource;
  private final Runnable closeDataSource;
  private final DatabaseConfig config;
  private HikariDataSource probe;
  private final DSLContext dsl;
  private final String safeUrl;

  private Database(
      DataSource dataSource, Runnable closeDataSource, DatabaseConfig config, String safeUrl) {
    this.dataSource = dataSource;
    this.closeDataSource = closeDataSource;
    this.config = config;
    this.safeUrl = safeUrl;
    this.dsl = DSL.using(dataSource, SQLDialect.POSTGRES);
  }

  /**
   * Opens the pool and checks that the server answers.
   *
   * @throws IllegalArgumentException when no URL is configured
   * @throws IllegalStateException when the server cannot be reached; the message names the URL but
   *     never the password
   */
  public static Database connect(DatabaseConfig config) {
    return connect(config, config.poolSize(), config.poolSize());
  }

  /**
   * For a command that runs a few statements and exits: one connection, opened at once, and no pool
   * (see {@link CommandDataSource}). A pool would start its threads and, at the configured size, go
   * on opening more connections in the background, each with its own password exchange, while the
   * command has nothing to use them for.
   */
  public static Database connectForCommand(DatabaseConfig config) {
    String safeUrl = requireUrl(config);
    CommandDataSource connection;
    try {
      connection =
          new CommandDataSource(
              config.url(), config.user(), config.password(), (int) CONNECTION_TIMEOUT.toSeconds());
    } catch (SQLException | RuntimeException e) {
      throw cannotConnect(config, safeUrl, e);
    }
    return new Database(connection, connection::close, config, safeUrl);
  }

  private static String requireUrl(DatabaseConfig config) {
    if (!config.isConfigured()) {
      throw new IllegalArgumentException(
          "No database URL is configured; set database.url in the config file or"
              + " UPDRAFT_DATABASE__URL, e.g. jdbc:postgresql://localhost:5432/updraft");
    }
    return redact(config.url());
  }

  private static Database connect(DatabaseConfig config, int poolSize, int minimumIdle) {
    String safeUrl = requireUrl(config);
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("updraft");
    PostgresDriverDataSource direct = PostgresDriverDataSource.forUrl(config.url());
    if (direct != null) {
      hikari.setDataSource(direct);
    } else {
      hikari.setJdbcUrl(config.url());
    }
    hikari.setUsername(config.user());
    hikari.setPassword(config.password());
    hikari.setMaximumPoolSize(poolSize);
    hikari.setMinimumIdle(Math.min(minimumIdle, poolSize));
    hikari.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(hikari);
    } catch (RuntimeException e) {
      throw cannotConnect(config, safeUrl, e);
    }
    return new Database(pool, pool::close, config, safeUrl);
  }

  private static IllegalStateException cannotConnect(
      DatabaseConfig config, String safeUrl, Exception e) {
    return new IllegalStateException(
        "Cannot connect to PostgreSQL at "
            + safeUrl
            + (config.user() == null ? "" : " as user " + config.user())
            + ": "
            + rootMessage(e)
            + ". Check that the server is running and reachable from here, that the database"
            + " exists, and that database.user / database.password (UPDRAFT_DATABASE__USER,"
            + " UPDRAFT_DATABASE__PASSWORD) are right.",
        e);
  }

  /**
   * Up to two connections, none kept while unused for long, that give up quickly: connecting,
   * waiting for a connection and reading an answer each take at most about a second.
   */
  private static HikariConfig probeConfig(DatabaseConfig config) {
    HikariConfig probe = new HikariConfig();
    probe.setPoolName("updraft-health");
    probe.setJdbcUrl(config.url());
    probe.setUsername(config.user());
    probe.setPassword(config.password());
    probe.setMaximumPoolSize(2);
    probe.setMinimumIdle(0);
    probe.setConnectionTimeout(PROBE_TIMEOUT.toMillis());
    probe.setValidationTimeout(250);
    // Never fails at start: the main pool has just checked the server; a probe reports, later.
    probe.setInitializationFailTimeout(-1);
    // PostgreSQL's driver, in seconds (a URL parameter of the same name wins).
    probe.addDataSourceProperty("connectTimeout", "1");
    probe.addDataSourceProperty("socketTimeout", "1");
    return probe;
  }

  /**
   * Brings the schema up to date; safe to run from every process at start, since Flyway takes a
   * lock. Returns how many migrations it applied.
   */
  public int migrate() {
    try {
      return Flyway.configure()
          .dataSource(dataSource)
          .locations("classpath:db/migration")
          .load()
          .migrate()
          .migrationsExecuted;
    } catch (FlywayException e) {
      throw new IllegalStateException(
          "Cannot migrate the database at " + safeUrl + ": " + rootMessage(e), e);
    }
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public DSLContext dsl() {
    return dsl;
  }

  /**
   * Connections for health checks only: short timeouts, kept apart from the pool's. Made on first
   * use, since most commands never check health.
   */
  public synchronized DataSource probe() {
    if (probe == null) {
      probe = new HikariDataSource(probeConfig(config));
    }
    return probe;
  }

  @Override
  public void close() {
    synchronized (this) {
      if (probe != null) {
        probe.close();
      }
    }
    closeDataSource.run();
  }

  /** The URL without a password parameter, for messages and logs. */
  static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}

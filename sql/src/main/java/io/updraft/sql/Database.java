package io.updraft.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.updraft.core.config.DatabaseConfig;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * The metastore connection: one HikariCP pool per process, Flyway migrations from {@code
 * classpath:db/migration}, and a jOOQ {@link DSLContext} over the pool.
 */
public final class Database implements AutoCloseable {
  static {
    // jOOQ prints a banner and a "tip of the day" on first use; they only clutter process logs.
    setIfAbsent("org.jooq.no-logo", "true");
    setIfAbsent("org.jooq.no-tips", "true");
  }

  private final HikariDataSource dataSource;
  private final DSLContext dsl;
  private final String safeUrl;

  private Database(HikariDataSource dataSource, String safeUrl) {
    this.dataSource = dataSource;
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
    if (!config.isConfigured()) {
      throw new IllegalArgumentException(
          "No database URL is configured; set database.url in the config file or"
              + " UPDRAFT_DATABASE__URL, e.g. jdbc:postgresql://localhost:5432/updraft");
    }
    String safeUrl = redact(config.url());
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("updraft");
    hikari.setJdbcUrl(config.url());
    hikari.setUsername(config.user());
    hikari.setPassword(config.password());
    hikari.setMaximumPoolSize(config.poolSize());
    try {
      return new Database(new HikariDataSource(hikari), safeUrl);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
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

  @Override
  public void close() {
    dataSource.close();
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

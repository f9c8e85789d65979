package io.updraft.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL database for tests: the server named by {@code UPDRAFT_TEST_DATABASE_URL} (a
 * JDBC URL such as {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}) or else an
 * embedded one, started once per JVM. Either way the tests get a fresh database of their own,
 * dropped when the JVM exits.
 *
 * <p>After each test every table of schema {@code public} but Flyway's history is truncated, so
 * tests do not see each other's rows, and the row a migration seeds and production always keeps
 * (the {@code default_pool}, which the API refuses to delete) is put back: tests run in a state
 * production can reach. The extension does not migrate: tests do that themselves.
 */
public final class PostgresExtension implements BeforeAllCallback, AfterEachCallback {
  /** Environment variable naming the server to use instead of an embedded one. */
  public static final String URL_ENV = "UPDRAFT_TEST_DATABASE_URL";

  private static PostgresServer server;
  private static TestDatabase database;

  /** The JVM's shared test database, created on first use. */
  public static synchronized TestDatabase database() {
    if (database == null) {
      database = server().createDatabase();
    }
    return database;
  }

  /**
   * Another fresh, empty database on the same server, for tests that need a schema of their own
   * (migrations from scratch, say). The after-each truncation does not touch it.
   */
  public static TestDatabase newDatabase() {
    return server().createDatabase();
  }

  public static String jdbcUrl() {
    return database().jdbcUrl();
  }

  public static String user() {
    return database().user();
  }

  /** The password, or null when the server trusts the user. */
  public static String password() {
    return database().password();
  }

  private static synchronized PostgresServer server() {
    if (server == null) {
      String url = System.getenv(URL_ENV);
      server =
          url == null || url.isBlank() ? PostgresServer.embedded() : PostgresServer.external(url);
    }
    return server;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    database();
  }

  @Override
  public void afterEach(ExtensionContext context) throws SQLException {
    TestDatabase db = database();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        Statement s = c.createStatement()) {
      String tables;
      try (ResultSet rs =
          s.executeQuery(
              "select string_agg(format('%I.%I', schemaname, tablename), ', ')"
                  + " from pg_tables"
                  + " where schemaname = 'public' and tablename <> 'flyway_schema_history'")) {
        rs.next();
        tables = rs.getString(1);
      }
      if (tables != null) {
        // One statement: truncating table by table would trip over foreign keys.
        s.execute("truncate " + tables + " restart identity cascade");
      }
      if (tables != null && java.util.List.of(tables.split(", ")).contains("public.pool")) {
        s.execute(
            "insert into pool (pool, slots, description) values ('default_pool', 128, 'Default"
                + " pool') on conflict do nothing");
      }
    }
  }
}

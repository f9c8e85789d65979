package io.updraft.hooks.testing;

import io.updraft.core.connection.Connection;
import io.updraft.testing.PostgresExtension;
import io.updraft.testing.S3TestServer;
import io.updraft.testing.TestDatabase;
import java.net.URI;
import java.util.Map;

/** Connections to the test servers. */
public final class TestConnections {
  private TestConnections() {}

  /** The test database of {@link PostgresExtension} as a postgres connection. */
  public static Connection postgres(String connId, Map<String, Object> extra) {
    TestDatabase db = PostgresExtension.database();
    URI uri = URI.create(db.jdbcUrl().substring("jdbc:".length()));
    String database = uri.getPath().substring(1);
    return new Connection(
        connId,
        "postgres",
        null,
        uri.getHost(),
        db.user(),
        db.password(),
        database,
        uri.getPort(),
        extra);
  }

  /** The test database of {@link PostgresExtension} as a generic jdbc connection. */
  public static Connection jdbcPostgres(String connId) {
    TestDatabase db = PostgresExtension.database();
    return new Connection(
        connId,
        "jdbc",
        null,
        db.jdbcUrl(),
        db.user(),
        db.password(),
        null,
        null,
        Map.of("driver_class", "org.postgresql.Driver"));
  }

  /**
   * An H2 database in memory as a jdbc connection; it lives while the JVM does, and its first
   * connection sets its user and password.
   */
  public static Connection h2(String connId, String database, String password) {
    return new Connection(
        connId,
        "jdbc",
        null,
        "jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1",
        "sa",
        password,
        null,
        null,
        Map.of("driver_class", "org.h2.Driver"));
  }

  /** The in-process S3 server as an aws connection, path-style. */
  public static Connection s3(String connId) {
    return Connection.fromJson(connId, S3TestServer.connectionJson());
  }
}

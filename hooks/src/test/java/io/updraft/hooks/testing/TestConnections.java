package io.updraft.hooks.testing;

import io.updraft.core.connection.Connection;
import io.updraft.testing.PostgresExtension;
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
}

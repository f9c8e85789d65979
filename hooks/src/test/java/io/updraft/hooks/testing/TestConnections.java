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

  /** The in-process S3 server as an aws connection, path-style. */
  public static Connection s3(String connId) {
    return new Connection(
        connId,
        "aws",
        null,
        null,
        S3TestServer.ACCESS_KEY,
        S3TestServer.SECRET_KEY,
        null,
        null,
        Map.of(
            "endpoint_url",
            S3TestServer.endpoint().toString(),
            "region_name",
            "us-east-1",
            "force_path_style",
            "true"));
  }
}

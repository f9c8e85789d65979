package io.updraft.cli;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import redis.embedded.RedisServer;

/**
 * The embedded default of {@code standalone}: a PostgreSQL whose data stays under the Updraft home
 * (so runs survive a restart) and an in-memory Redis (it only delivers; PostgreSQL is the truth).
 * Both are real servers, so the embedded default runs the same code as production.
 */
final class EmbeddedServices implements AutoCloseable {
  static final String POSTGRES_USER = "postgres";

  private final Path home;
  private EmbeddedPostgres postgres;
  private RedisServer redis;
  private final java.util.List<ServiceWatchdog> watchdogs = new java.util.ArrayList<>();

  EmbeddedServices(Path home) {
    this.home = home;
  }

  /** Starts PostgreSQL and returns its JDBC URL (user {@link #POSTGRES_USER}, no password). */
  String startPostgres() {
    Path data = home.resolve("postgres");
    try {
      Files.createDirectories(data);
      postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(data)
              .setCleanDataDirectory(false)
              .setPort(freePort())
              // We stop it ourselves, after the processes that use it, not in a race with them.
              .setRegisterShutdownHook(false)
              .start();
      postmasterPid(data)
          .ifPresent(pid -> watchdogs.add(ServiceWatchdog.watch(pid, "INT", "postgres")));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot start the embedded PostgreSQL with its data in "
              + data
              + "; if another Updraft standalone is running, stop it first",
          e);
    }
    return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
  }

  /** Starts Redis on loopback and returns its URL. */
  String startRedis() {
    int port = freePort();
    try {
      redis =
          RedisServer.newRedisServer()
              .port(port)
              .bind("127.0.0.1")
              .setting("save \"\"")
              .setting("appendonly no")
              .onShutdownForceStop(false)
              .build();
      redis.start();
      for (ProcessHandle process : ProcessHandle.allProcesses().toList()) {
        String cmdline = StaleServices.cmdline(process.pid());
        if (cmdline.contains("redis-server") && StaleServices.mentionsPort(cmdline, port)) {
          watchdogs.add(ServiceWatchdog.watch(process.pid(), "TERM", "redis-server"));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the embedded Redis on port " + port, e);
    }
    return "redis://127.0.0.1:" + port;
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
      redis.stop();
    }
    if (postgres != null) {
      postgres.close();
    }
    watchdogs.forEach(ServiceWatchdog::close);
  }
}

package io.updraft.cli;

import io.updraft.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The embedded PostgreSQL and Redis left running by a standalone that was killed (kill -9, a
 * crash): they hold the data directory and would make the next start fail. They are stopped, not
 * adopted, and only after their command line proves they are that PostgreSQL or that Redis, so a
 * reused pid is never signalled.
 */
final class StaleServices {
  private static final Duration STOP_WAIT = Duration.ofSeconds(15);

  private StaleServices() {}

  /** Stops what the previous, dead standalone of this home left running. */
  static void stopLeftovers(Path home) {
    stopPostgres(home.resolve("postgres"));
    previousRedisPort(home).ifPresent(StaleServices::stopRedis);
  }

  /** The postmaster named by postmaster.pid, if it is a postgres serving that data directory. */
  static void stopPostgres(Path data) {
    Path pidFile = data.resolve("postmaster.pid");
    List<String> lines;
    try {
      lines = Files.readAllLines(pidFile);
    } catch (IOException e) {
      return; // no postmaster.pid: PostgreSQL was stopped cleanly
    }
    if (lines.size() < 2) {
      return;
    }
    long pid;
    try {
      pid = Long.parseLong(lines.get(0).trim());
    } catch (NumberFormatException e) {
      return;
    }
    String cmdline = cmdline(pid);
    // PostgreSQL itself removes a pid file whose process is gone; only a live postgres matters.
    if (cmdline.contains("postgres") && samePath(lines.get(1).trim(), data)) {
      System.out.println(
          "Stopping the embedded PostgreSQL left by a previous standalone (pid " + pid + ")...");
      // SIGINT is PostgreSQL's fast shutdown: clients are cut, the data is checkpointed.
      stop(pid, "INT");
    }
  }

  /** A redis-server listening on the port the previous standalone recorded. */
  static void stopRedis(int port) {
    for (ProcessHandle process : ProcessHandle.allProcesses().toList()) {
      String cmdline = cmdline(process.pid());
      if (cmdline.contains("redis-server") && mentionsPort(cmdline, port)) {
        System.out.println(
            "Stopping the embedded Redis left by a previous standalone (pid "
                + process.pid()
                + ")...");
        stop(process.pid(), "TERM");
      }
    }
  }

  private static Optional<Integer> previousRedisPort(Path home) {
    Path file = home.resolve("standalone.json");
    try {
      StandaloneInfo info = Json.read(Files.readString(file), StandaloneInfo.class);
      if (ProcessHandle.of(info.pid()).map(ProcessHandle::isAlive).orElse(false)) {
        return Optional.empty(); // not stale; the caller refuses to start beside it
      }
      java.net.URI uri = java.net.URI.create(info.redisUrl());
      return uri.getPort() > 0 ? Optional.of(uri.getPort()) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  static boolean mentionsPort(String cmdline, int port) {
    for (String arg : cmdline.split("[\\s:]+")) {
      if (arg.equals(Integer.toString(port))) {
        return true;
      }
    }
    return false;
  }

  /** The command line of a process, arguments separated by spaces; empty if it is gone. */
  static String cmdline(long pid) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
      return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim();
    } catch (IOException e) {
      return "";
    }
  }

  private static boolean samePath(String recorded, Path data) {
    try {
      return Path.of(recorded).toRealPath().equals(data.toRealPath());
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static void stop(long pid, String signal) {
    try {
      new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor();
    } catch (IOException e) {
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    long deadline = System.nanoTime() + STOP_WAIT.toNanos();
    while (System.nanoTime() < deadline && !cmdline(pid).isEmpty()) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
  }
}

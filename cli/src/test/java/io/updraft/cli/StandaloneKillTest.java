package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code updraft standalone} as a real JVM with its embedded PostgreSQL and Redis, killed with
 * SIGKILL: its servers must not outlive it, and the next start must work.
 */
class StandaloneKillTest {
  @TempDir Path home;
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void stopAll() throws IOException {
    started.forEach(ChildProcesses::kill9);
    // The watchdog stops the embedded servers after their standalone died; they must be gone
    // before the home is deleted, or a shutting-down PostgreSQL still writes into it.
    Path pidFile = home.resolve("postgres/postmaster.pid");
    if (Files.exists(pidFile)) {
      long postmaster = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> !StaleServices.cmdline(postmaster).contains("postgres"));
    }
  }

  @Test
  void a_standalone_killed_with_sigkill_takes_its_embedded_servers_along_and_starts_again()
      throws Exception {
    int port = freePort();
    Process first = cli("standalone-1", "standalone", "--port", Integer.toString(port));
    awaitHealthy(port, first);
    long postmaster =
        Long.parseLong(Files.readAllLines(home.resolve("postgres/postmaster.pid")).get(0).trim());
    assertThat(StaleServices.cmdline(postmaster)).contains("postgres");
    List<Long> redis = redisServers(home);
    assertThat(redis).hasSize(1);

    long killedAt = System.nanoTime();
    ChildProcesses.kill9(first);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                !StaleServices.cmdline(postmaster).contains("postgres")
                    && StaleServices.cmdline(redis.get(0)).isEmpty());
    System.out.printf(
        "embedded servers gone %d ms after SIGKILL%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));

    Process second = cli("standalone-2", "standalone", "--port", Integer.toString(port));
    awaitHealthy(port, second);
    Process trigger =
        cli("trigger", "dags", "trigger", "example_hello", "--wait", "--timeout", "90");
    assertThat(trigger.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(trigger.exitValue()).as("see target/child-trigger.log").isZero();
  }

  /** The redis-server processes that the standalone of {@code home} recorded. */
  private static List<Long> redisServers(Path home) throws IOException {
    String json = Files.readString(home.resolve("standalone.json"));
    int port =
        URI.create(io.updraft.core.json.Json.read(json, StandaloneInfo.class).redisUrl()).getPort();
    return ProcessHandle.allProcesses()
        .map(ProcessHandle::pid)
        .filter(
            pid -> {
              String cmdline = StaleServices.cmdline(pid);
              return cmdline.contains("redis-server") && StaleServices.mentionsPort(cmdline, port);
            })
        .toList();
  }

  private Process cli(String logName, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx384m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(key -> key.startsWith("UPDRAFT_"));
    builder.environment().put("UPDRAFT_HOME", home.toString());
    builder.redirectOutput(new File("target", "child-" + logName + ".log"));
    Process process = builder.start();
    started.add(process);
    return process;
  }

  private static void awaitHealthy(int port, Process process) {
    HttpClient http = HttpClient.newHttpClient();
    long start = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(180))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              assertThat(process.isAlive())
                  .as("the standalone exited; see target/child-*.log")
                  .isTrue();
              try {
                return http.send(
                            HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + port + "/api/v1/health"))
                                .build(),
                            HttpResponse.BodyHandlers.discarding())
                        .statusCode()
                    == 200;
              } catch (IOException e) {
                return false;
              }
            });
    System.out.printf(
        "standalone healthy after %d ms%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}

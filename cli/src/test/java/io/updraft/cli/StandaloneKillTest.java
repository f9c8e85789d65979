package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code updraft standalone} as a real JVM with its embedded PostgreSQL and Redis, killed with
 * SIGKILL (its servers must not outlive it, and the next start must work) or stopped with SIGTERM
 * (as Ctrl-C or a service manager does: quietly, its servers last).
 */
class StandaloneKillTest {
  @TempDir Path home;
  private StandaloneJvm jvms;

  @BeforeEach
  void fixture() {
    jvms = new StandaloneJvm(home);
  }

  @AfterEach
  void stopAll() throws IOException {
    jvms.close();
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
    Process first = jvms.cli("standalone-1", "standalone", "--port", Integer.toString(port));
    StandaloneJvm.awaitHealthy(port, first);
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

    Process second = jvms.cli("standalone-2", "standalone", "--port", Integer.toString(port));
    StandaloneJvm.awaitHealthy(port, second);
    Process trigger =
        jvms.cli("trigger", "dags", "trigger", "example_hello", "--wait", "--timeout", "90");
    assertThat(trigger.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(trigger.exitValue()).as("see target/child-trigger.log").isZero();
  }

  @Test
  void a_standalone_stopped_with_sigterm_stops_quietly_and_its_embedded_servers_last()
      throws Exception {
    int port = freePort();
    Process standalone =
        jvms.cli("standalone-term", "standalone", "--port", Integer.toString(port));
    StandaloneJvm.awaitHealthy(port, standalone);
    long postmaster =
        Long.parseLong(Files.readAllLines(home.resolve("postgres/postmaster.pid")).get(0).trim());
    List<Long> redis = redisServers(home);
    assertThat(redis).hasSize(1);

    standalone.destroy();

    assertThat(standalone.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(StaleServices.cmdline(postmaster)).doesNotContain("postgres");
    assertThat(StaleServices.cmdline(redis.get(0))).isEmpty();
    String output = Files.readString(StandaloneJvm.log("standalone-term").toPath());
    String stopping = output.substring(output.indexOf("Press Ctrl-C to stop."));
    // Before: the worker and the run-event subscription warned that Redis had gone away, because
    // embedded-redis stopped it from a shutdown hook of its own while they were still closing.
    assertThat(stopping)
        .contains("stopped")
        .doesNotContain("WARN")
        .doesNotContain("ERROR")
        .doesNotContain("Exception");
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

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}

package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code updraft} command as real JVMs on the test classpath, over one Updraft home and none of
 * the test's UPDRAFT_ settings; each one's output in {@code target/child-NAME.log}.
 */
final class StandaloneJvm implements AutoCloseable {
  private final Path home;
  private final List<Process> started = new ArrayList<>();

  StandaloneJvm(Path home) {
    this.home = home;
  }

  Process cli(String logName, String... args) throws IOException {
    return cli(logName, Map.of(), args);
  }

  Process cli(String logName, Map<String, String> env, String... args) throws IOException {
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
    builder.environment().putAll(env);
    builder.redirectOutput(log(logName));
    Process process = builder.start();
    started.add(process);
    return process;
  }

  static File log(String logName) {
    return new File("target", "child-" + logName + ".log");
  }

  static void awaitHealthy(int port, Process process) {
    HttpClient http = HttpClient.newHttpClient();
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
  }

  @Override
  public void close() {
    started.forEach(ChildProcesses::kill9);
  }
}

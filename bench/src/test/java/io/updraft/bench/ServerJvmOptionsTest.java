package io.updraft.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ServerJvmOptionsTest {
  /** The launcher's file, from the bench module's directory where its tests run. */
  private static final Path FILE = Path.of("..").resolve(ServerJvmOptions.FILE);

  @Test
  void the_file_gives_options_without_its_comments() {
    List<String> options = ServerJvmOptions.read(FILE);

    assertThat(options).isNotEmpty().allMatch(o -> o.startsWith("-X"));
    assertThat(options).contains("-XX:+UseG1GC");
  }

  @Test
  void this_jvm_starts_with_the_launchers_file_as_the_launcher_passes_it() throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("@" + FILE.toAbsolutePath());
    command.add("-version");
    Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(java.getInputStream().readAllBytes());

    assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(java.exitValue()).as(output).isZero();
  }

  @Test
  void updraft_server_java_opts_replaces_the_file_as_in_the_launcher() {
    assertThat(
            ServerJvmOptions.fromEnvironment(
                Map.of("UPDRAFT_SERVER_JAVA_OPTS", " -Xmx256m  -XX:+UseSerialGC ")))
        .containsExactly("-Xmx256m", "-XX:+UseSerialGC");
  }
}

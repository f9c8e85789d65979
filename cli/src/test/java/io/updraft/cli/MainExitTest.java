package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link Main#main} in a JVM of its own: how a command's end becomes the process's exit code. */
class MainExitTest {
  private static Result main(String... args) throws Exception {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(key -> key.startsWith("UPDRAFT_"));
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), output);
  }

  private record Result(int exitCode, String output) {}

  @Test
  void a_command_line_without_a_subcommand_ends_with_its_own_exit_code() throws Exception {
    Result help = main("--help");
    Result version = main("--version");
    Result typo = main("dag", "list");

    assertThat(help.exitCode()).as(help.output()).isZero();
    assertThat(help.output()).contains("standalone").doesNotContain("Exception");
    assertThat(version.exitCode()).as(version.output()).isZero();
    assertThat(version.output()).startsWith("updraft ");
    assertThat(typo.exitCode()).as(typo.output()).isEqualTo(2);
  }
}

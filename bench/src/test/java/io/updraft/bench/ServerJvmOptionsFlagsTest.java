package io.updraft.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The launcher's options as a JVM reads them: every one is accepted, and one given after them (as
 * {@code UPDRAFT_JAVA_OPTS} is) wins, which is how the README tells an operator to undo one.
 */
class ServerJvmOptionsFlagsTest {
  private static final Pattern FLAG =
      Pattern.compile("^\\s*\\S+\\s+(\\w+)\\s+:?=\\s+(\\S+)", Pattern.MULTILINE);

  @Test
  void a_jvm_starts_with_the_shipped_options_and_runs_only_the_client_compiler() throws Exception {
    Map<String, String> flags = finalFlags(List.of());

    assertThat(flags)
        .containsEntry("UseSerialGC", "true")
        .containsEntry("TieredStopAtLevel", "1")
        .containsEntry("NewSize", Long.toString(16L * 1024 * 1024));
  }

  @Test
  void an_option_after_the_shipped_ones_wins() throws Exception {
    Map<String, String> flags = finalFlags(List.of("-XX:TieredStopAtLevel=4", "-Xmn64m"));

    assertThat(flags)
        .containsEntry("TieredStopAtLevel", "4")
        .containsEntry("MaxNewSize", Long.toString(64L * 1024 * 1024));
  }

  /**
   * The final value of every flag of a JVM started with the shipped options, then {@code after}.
   */
  private static Map<String, String> finalFlags(List<String> after)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ServerJvmOptions.load());
    command.addAll(after);
    command.add("-XX:+PrintFlagsFinal");
    command.add("-version");
    Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(java.waitFor()).as(out).isZero();
    Map<String, String> flags = new java.util.HashMap<>();
    Matcher m = FLAG.matcher(out);
    while (m.find()) {
      flags.put(m.group(1), m.group(2));
    }
    return flags;
  }
}

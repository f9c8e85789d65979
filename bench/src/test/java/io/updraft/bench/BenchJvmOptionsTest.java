package io.updraft.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchJvmOptionsTest {
  @Test
  void the_peer_keeps_a_capped_heap_unless_the_environment_replaces_its_options() {
    assertThat(ThroughputRun.peerJvmOptions(null)).containsExactly("-Xmx256m", "-XX:+UseSerialGC");
    assertThat(ThroughputRun.peerJvmOptions("  ")).containsExactly("-Xmx256m", "-XX:+UseSerialGC");
    assertThat(ThroughputRun.peerJvmOptions(" -Xms16m  -XX:+UseG1GC "))
        .containsExactly("-Xms16m", "-XX:+UseG1GC");
  }

  @Test
  void updrafts_processes_run_the_launchers_options_unless_the_environment_replaces_them() {
    assertThat(ServerJvmOptions.orOverride(null))
        .isEqualTo(ServerJvmOptions.load())
        .contains("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    assertThat(ServerJvmOptions.orOverride(" -Xms16m  -XX:+UseG1GC "))
        .containsExactly("-Xms16m", "-XX:+UseG1GC");
  }

  @Test
  void an_argument_files_comments_and_line_breaks_are_not_options() {
    assertThat(ServerJvmOptions.parse("# why\n-Xms8m -Xmn4m  # young\n\n  -XX:+UseSerialGC\n"))
        .containsExactly("-Xms8m", "-Xmn4m", "-XX:+UseSerialGC");
  }
}

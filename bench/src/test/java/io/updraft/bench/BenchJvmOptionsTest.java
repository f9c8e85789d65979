package io.updraft.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchJvmOptionsTest {
  @Test
  void the_processes_keep_the_benchmarks_options_unless_the_environment_replaces_them() {
    assertThat(ThroughputRun.jvmOptions(null)).containsExactly("-Xmx256m", "-XX:+UseSerialGC");
    assertThat(ThroughputRun.jvmOptions("  ")).containsExactly("-Xmx256m", "-XX:+UseSerialGC");
    assertThat(ThroughputRun.jvmOptions(" -Xms16m  -XX:+UseG1GC "))
        .containsExactly("-Xms16m", "-XX:+UseG1GC");
  }
}

package io.updraft.core.dag;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IsolatedCommandLineTest {
  @Test
  void the_child_runs_the_workers_java_and_classpath_with_its_heap_and_nothing_secret(
      @TempDir Path dir) throws Exception {
    Path cache = Files.createFile(dir.resolve("child.aot"));
    System.setProperty(IsolatedTry.AOT_CACHE_PROPERTY, cache.toString());
    try {
      assertThat(IsolatedTry.program("256m"))
          .contains("-Xmx256m", "-XX:AOTCache=" + cache, System.getProperty("java.class.path"))
          .endsWith(IsolatedTaskMain.class.getName())
          .noneMatch(arg -> arg.contains("UPDRAFT_") || arg.contains("password"));
    } finally {
      System.clearProperty(IsolatedTry.AOT_CACHE_PROPERTY);
    }
  }

  @Test
  void a_cache_file_that_is_missing_is_left_out() {
    System.setProperty(IsolatedTry.AOT_CACHE_PROPERTY, "/nonexistent/child.aot");
    try {
      assertThat(IsolatedTry.program("512m")).noneMatch(arg -> arg.contains("/nonexistent/"));
    } finally {
      System.clearProperty(IsolatedTry.AOT_CACHE_PROPERTY);
    }
  }
}

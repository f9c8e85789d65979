package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What building the command tree asks of picocli so that a command starts quickly. */
class CommandLineStartupTest {
  @Test
  void picocli_is_told_not_to_search_the_class_path_for_groovy() {
    System.clearProperty("picocli.disable.closures");

    Main.commandLine("config", "show");

    assertThat(System.getProperty("picocli.disable.closures")).isEqualTo("true");
  }
}

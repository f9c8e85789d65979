package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpdraftHomeTest {
  @Test
  void the_home_environment_variable_wins_over_the_accounts_home() {
    assertThat(UpdraftHome.path(Map.of("HOME", "/srv/me"), "/root"))
        .isEqualTo(Path.of("/srv/me/.updraft"));
  }

  @Test
  void updraft_home_wins_over_home() {
    assertThat(UpdraftHome.path(Map.of("HOME", "/srv/me", "UPDRAFT_HOME", "/data/u"), "/root"))
        .isEqualTo(Path.of("/data/u"));
  }

  @Test
  void without_home_the_accounts_home_is_used() {
    assertThat(UpdraftHome.path(Map.of(), "/root")).isEqualTo(Path.of("/root/.updraft"));
  }
}

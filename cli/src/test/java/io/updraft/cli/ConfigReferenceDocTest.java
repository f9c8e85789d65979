package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.config.ConfigReference;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigReferenceDocTest {
  private static final Path DOC = Path.of("..", "docs", "configuration.md");

  @Test
  void every_configuration_key_says_what_it_means() {
    assertThat(ConfigReference.keys())
        .allSatisfy(key -> assertThat(key.doc()).as(key.path() + " has a @Doc").isNotBlank());
  }

  @Test
  void docs_configuration_md_is_up_to_date() throws Exception {
    assertThat(Files.readString(DOC))
        .as(
            "docs/configuration.md is stale: run ./updraft config reference > docs/configuration.md")
        .isEqualTo(ConfigReference.markdown());
  }
}

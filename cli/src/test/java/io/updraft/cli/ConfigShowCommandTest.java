package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.core.config.ConfigLoader;
import io.updraft.core.config.UpdraftConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigShowCommandTest {
  @TempDir Path dir;

  @Test
  void config_show_prints_yaml_that_loads_back_with_every_secret_masked() throws Exception {
    Path file = dir.resolve("updraft.yaml");
    Files.writeString(
        file,
        """
        database:
          url: jdbc:postgresql://db.example.com/updraft
          user: etl
          password: DbPassw0rd
        worker:
          shutdown_grace_seconds: 17
        secrets:
          fernet_key: FernetKeyThatMustNotShow0000000000000000000=
          vault:
            url: https://vault.example.com
            token: VaultT0ken
        """);

    CliRun result = CliRun.of("config", "show", "--config", file.toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("shutdown_grace_seconds: 17", "url: https://vault.example.com")
        .doesNotContain("DbPassw0rd", "FernetKeyThatMustNotShow", "VaultT0ken", "Config[");
    Path shown = dir.resolve("shown.yaml");
    Files.writeString(shown, result.out());
    UpdraftConfig reloaded = ConfigLoader.load(shown, Map.of());
    assertThat(reloaded.worker().shutdownGraceSeconds()).isEqualTo(17);
    assertThat(reloaded.database().url()).isEqualTo("jdbc:postgresql://db.example.com/updraft");
    assertThat(reloaded.database().user()).isEqualTo("etl");
    assertThat(reloaded.database().password()).isEqualTo("***");
  }
}

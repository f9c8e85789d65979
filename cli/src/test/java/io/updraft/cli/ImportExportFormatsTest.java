package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.sql.FernetCipher;
import io.updraft.testing.PostgresExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code connections} and {@code variables} export and import, in every file format they take. */
@ExtendWith(PostgresExtension.class)
class ImportExportFormatsTest {
  @TempDir Path dir;
  private Path config;

  @BeforeEach
  void migrate() throws Exception {
    String yaml = TestConfigs.database() + TestConfigs.fernetKey(FernetCipher.generateKey());
    config = TestConfigs.migrated(dir, yaml);
  }

  private CliRun run(String... args) {
    return CliRun.withConfig(config, args);
  }

  @ParameterizedTest
  @ValueSource(strings = {"env", "json", "yaml", "yml"})
  void what_is_exported_comes_back_by_import(String extension) throws Exception {
    run("connections", "add", "api", "--conn-uri", "https://u:pw-9876@api.example.com:8443/v1");
    run("variables", "set", "region", "eu-west-1");
    Path connections = dir.resolve("connections." + extension);
    Path variables = dir.resolve("variables." + extension);

    assertThat(run("connections", "export", connections.toString()).out())
        .contains("Exported 1 connections to " + connections);
    assertThat(run("variables", "export", variables.toString()).out())
        .contains("Exported 1 variables to " + variables);
    assertThat(Files.readString(connections)).contains("api", "api.example.com");
    assertThat(Files.readString(variables)).contains("region", "eu-west-1");
    run("connections", "delete", "api");
    run("variables", "delete", "region");

    assertThat(run("connections", "import", connections.toString()).out())
        .contains("Imported 1 connections from " + connections);
    assertThat(run("variables", "import", variables.toString()).out())
        .contains("Imported 1 variables from " + variables);
    assertThat(run("connections", "get", "api", "-o", "uri", "--reveal").out())
        .contains("https://u:pw-9876@api.example.com:8443/v1");
    assertThat(run("variables", "get", "region").out()).contains("eu-west-1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"connections", "variables"})
  void an_export_to_a_format_it_does_not_write_names_the_ones_it_does(String kind) {
    Path file = dir.resolve(kind + ".csv");

    CliRun export = run(kind, "export", file.toString());

    assertThat(export.exitCode()).isNotZero();
    assertThat(export.err()).contains("Unsupported export file " + file, ".env, .json, .yaml");
    assertThat(file).doesNotExist();
  }
}

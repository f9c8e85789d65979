package io.updraft.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  @Test
  void defaults_apply_when_nothing_is_configured() {
    UpdraftConfig config = ConfigLoader.load(null, Map.of());

    assertThat(config.database().isConfigured()).isFalse();
    assertThat(config.api().port()).isEqualTo(8080);
    assertThat(config.worker().queues()).containsExactly("default");
  }

  @Test
  void nothing_configured_gives_what_the_mapper_builds_from_sections_without_values()
      throws Exception {
    Path empty = dir.resolve("empty.yaml");
    Files.writeString(empty, "# nothing set\n");
    Path nulls = dir.resolve("nulls.yaml");
    Files.writeString(nulls, "database: null\ntraces: null\n");

    UpdraftConfig mapped = ConfigLoader.load(nulls, Map.of());

    assertThat(ConfigLoader.load(null, Map.of())).isEqualTo(mapped);
    assertThat(ConfigLoader.load(empty, Map.of("UPDRAFT_HOME", "/tmp/h"))).isEqualTo(mapped);
  }

  @Test
  void the_environment_overrides_the_file() throws Exception {
    Path file = dir.resolve("updraft.yaml");
    Files.writeString(
        file,
        "database:\n  url: jdbc:postgresql://db/a\n  pool_size: 3\nworker:\n  queues: [etl, default]\n");

    UpdraftConfig config =
        ConfigLoader.load(
            file,
            Map.of(
                "UPDRAFT_DATABASE__URL", "jdbc:postgresql://other/b", "UPDRAFT_API__PORT", "9090"));

    assertThat(config.database().url()).isEqualTo("jdbc:postgresql://other/b");
    assertThat(config.database().poolSize()).isEqualTo(3);
    assertThat(config.api().port()).isEqualTo(9090);
    assertThat(config.worker().queues()).containsExactly("etl", "default");
  }

  @Test
  void connection_tests_are_off_by_default_and_turned_on_by_the_environment() {
    assertThat(ConfigLoader.load(null, Map.of()).api().connectionTest()).isFalse();
    assertThat(
            ConfigLoader.load(null, Map.of("UPDRAFT_API__CONNECTION_TEST", "true"))
                .api()
                .connectionTest())
        .isTrue();
  }

  @Test
  void the_max_map_length_defaults_to_airflows_and_is_set_by_the_environment_and_checked() {
    assertThat(ConfigLoader.load(null, Map.of()).dags().maxMapLength()).isEqualTo(1024);
    assertThat(
            ConfigLoader.load(null, Map.of("UPDRAFT_DAGS__MAX_MAP_LENGTH", "5000"))
                .dags()
                .maxMapLength())
        .isEqualTo(5000);
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("UPDRAFT_DAGS__MAX_MAP_LENGTH", "0")))
        .hasMessageContaining("dags.max_map_length must be at least 1, not 0");
  }

  @Test
  void a_comma_separated_environment_value_is_a_list() {
    UpdraftConfig config =
        ConfigLoader.load(null, Map.of("UPDRAFT_WORKER__QUEUES", "etl, default"));

    assertThat(config.worker().queues()).containsExactly("etl", "default");
  }

  @Test
  void an_unknown_key_is_an_error_that_names_it() {
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("UPDRAFT_DATABASE__URLL", "x")))
        .hasMessageContaining("Unknown configuration key 'urll'");
  }

  @Test
  void a_missing_file_is_an_error_that_names_it() {
    assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.yaml"), Map.of()))
        .hasMessageContaining("nope.yaml does not exist");
  }

  @Test
  void the_database_password_never_appears_in_to_string() {
    assertThat(new DatabaseConfig("jdbc:postgresql://db/a", "u", "s3cret", null).toString())
        .doesNotContain("s3cret");
    assertThat(new RedisConfig("redis://:s3cret@host:6379", null).toString())
        .doesNotContain("s3cret");
  }

  @Test
  void secrets_settings_come_from_the_environment() {
    UpdraftConfig config =
        ConfigLoader.load(
            null,
            Map.of(
                "UPDRAFT_SECRETS__ORDER", "vault, env,metastore",
                "UPDRAFT_SECRETS__CACHE_TTL_SECONDS", "0",
                "UPDRAFT_SECRETS__FILE__CONNECTIONS", "/etc/updraft/connections.yaml",
                "UPDRAFT_SECRETS__FERNET_KEY", "k1,k2",
                "UPDRAFT_SECRETS__VAULT__URL", "http://vault:8200"));

    SecretsConfig secrets = config.secrets();
    assertThat(secrets.order()).containsExactly("vault", "env", "metastore");
    assertThat(secrets.cacheTtlSeconds()).isZero();
    assertThat(secrets.file().connections()).isEqualTo("/etc/updraft/connections.yaml");
    assertThat(secrets.fernetKeys()).containsExactly("k1", "k2");
    assertThat(secrets.vault()).containsEntry("url", "http://vault:8200");
    assertThat(secrets.toString()).doesNotContain("k1");
  }

  @Test
  void connection_and_variable_variables_are_not_configuration() {
    UpdraftConfig config =
        ConfigLoader.load(
            null, Map.of("UPDRAFT_CONN_MY__DB", "postgres://h", "UPDRAFT_VAR_A__B", "x"));

    assertThat(config.secrets().order()).isEmpty();
  }
}

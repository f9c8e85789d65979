package io.updraft.core.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.core.config.FileSecretsConfig;
import io.updraft.core.config.SecretsConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretsBackendsTest {
  @Test
  void the_default_order_is_environment_then_metastore() {
    assertThat(new SecretsBackends(SecretsConfig.defaults()).order())
        .containsExactly("env", "metastore");
  }

  @Test
  void a_configured_file_comes_first_by_default() {
    SecretsConfig config =
        new SecretsConfig(
            null, null, new FileSecretsConfig("c.env", null), null, null, null, null, null);

    assertThat(new SecretsBackends(config).order()).containsExactly("file", "env", "metastore");
  }

  @Test
  void the_configured_order_is_used_as_given() {
    SecretsBackends backends =
        new SecretsBackends(SecretsConfig.defaults().withOrder(List.of("env")));

    assertThat(backends.usesMetastore()).isFalse();
    assertThat(backends.create(Map.of(), null))
        .extracting(SecretsBackend::name)
        .containsExactly("env");
  }

  @Test
  void an_unknown_backend_is_named() {
    SecretsBackends backends =
        new SecretsBackends(SecretsConfig.defaults().withOrder(List.of("env", "vualt")));

    assertThatThrownBy(() -> backends.create(Map.of(), null))
        .hasMessageContaining("Unknown secrets backend 'vualt' in secrets.order");
  }

  @Test
  void the_metastore_needs_a_database() {
    assertThatThrownBy(() -> new SecretsBackends(SecretsConfig.defaults()).create(Map.of(), null))
        .hasMessageContaining("names 'metastore' but this command has no database");
  }

  @Test
  void the_class_path_is_searched_for_factories_only_when_the_configuration_needs_one() {
    int before = CountingSecretsBackendFactory.LOOKUPS.get();
    new SecretsBackends(SecretsConfig.defaults())
        .create(Map.of(), new EnvironmentSecretsBackend(Map.of()));
    new SecretsBackends(SecretsConfig.defaults().withOrder(List.of("env"))).create(Map.of(), null);
    assertThat(CountingSecretsBackendFactory.LOOKUPS.get()).isEqualTo(before);

    List<SecretsBackend> named =
        new SecretsBackends(SecretsConfig.defaults().withOrder(List.of("counting", "env")))
            .create(Map.of(), null);
    assertThat(named).hasSize(2);
    assertThat(CountingSecretsBackendFactory.LOOKUPS.get()).isGreaterThan(before);
  }
}

package io.updraft.hooks.vault;

import io.updraft.core.config.SecretsConfig;
import io.updraft.core.secrets.SecretsBackend;
import io.updraft.core.secrets.SecretsBackendFactory;
import java.time.Clock;
import okhttp3.OkHttpClient;

/** {@code vault} in {@code secrets.order}, configured by the {@code secrets.vault} section. */
public final class VaultSecretsBackendFactory implements SecretsBackendFactory {
  @Override
  public String name() {
    return "vault";
  }

  @Override
  public boolean isConfigured(SecretsConfig config) {
    return !config.vault().isEmpty();
  }

  @Override
  public SecretsBackend create(SecretsConfig config) {
    VaultSettings settings = VaultSettings.from(config.vault());
    OkHttpClient http =
        new OkHttpClient.Builder().callTimeout(settings.timeout()).followRedirects(false).build();
    return new VaultSecretsBackend(http, settings, Clock.systemUTC());
  }
}

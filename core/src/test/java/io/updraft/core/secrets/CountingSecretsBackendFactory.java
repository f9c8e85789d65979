package io.updraft.core.secrets;

import io.updraft.core.config.SecretsConfig;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A factory on the test class path that counts how often the class path's factories are looked up,
 * and serves the {@code counting} backend: environment variables under another name.
 */
public final class CountingSecretsBackendFactory implements SecretsBackendFactory {
  static final AtomicInteger LOOKUPS = new AtomicInteger();

  public CountingSecretsBackendFactory() {
    LOOKUPS.incrementAndGet();
  }

  @Override
  public String name() {
    return "counting";
  }

  @Override
  public boolean isConfigured(SecretsConfig config) {
    return false;
  }

  @Override
  public SecretsBackend create(SecretsConfig config) {
    return new EnvironmentSecretsBackend(Map.of());
  }
}

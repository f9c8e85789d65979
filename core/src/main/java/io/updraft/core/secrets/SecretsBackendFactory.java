package io.updraft.core.secrets;

import io.updraft.core.config.SecretsConfig;

/**
 * Creates an external secrets backend from configuration. Implementations are found with {@link
 * java.util.ServiceLoader} (listed in {@code META-INF/services/io.updraft.core.secrets
 * .SecretsBackendFactory}), so a provider's jar on the class path is all it takes.
 */
public interface SecretsBackendFactory {
  /**
   * The name used in {@code secrets.order} and as the configuration section, e.g. {@code vault}.
   */
  String name();

  /** Whether the configuration has a section for this backend, so it joins the default order. */
  boolean isConfigured(SecretsConfig config);

  /** A backend for this configuration; throws with a clear message when a setting is missing. */
  SecretsBackend create(SecretsConfig config);
}

package io.updraft.hooks.aws;

import io.updraft.core.config.SecretsConfig;
import io.updraft.core.secrets.SecretsBackend;
import io.updraft.core.secrets.SecretsBackendFactory;
import software.amazon.awssdk.services.ssm.SsmClient;

/** {@code ssm} in {@code secrets.order}, configured by the {@code secrets.ssm} section. */
public final class AwsParameterStoreBackendFactory implements SecretsBackendFactory {
  @Override
  public String name() {
    return "ssm";
  }

  @Override
  public boolean isConfigured(SecretsConfig config) {
    return !config.ssm().isEmpty();
  }

  @Override
  public SecretsBackend create(SecretsConfig config) {
    AwsSettings settings = AwsSettings.parameterStore(config.ssm());
    return new AwsParameterStoreBackend(settings.client(SsmClient.builder()), settings);
  }
}
